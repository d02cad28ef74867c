//! "Sign in with 1688" and "Test connection" for a profile. The authorize page
//! is opened in the buyer's browser from here, never by the webview, and only
//! when it is an https page on 1688.com or the loopback sandbox.

use tauri::{AppHandle, State, Url};
use tauri_plugin_opener::OpenerExt;
use zhaohuo_core::connection::ConnectionReport;
use zhaohuo_core::signin::{SignInRedirect, SignInStart, SignInStatus};
use zhaohuo_ipc_macros::command;

use crate::error::CommandResult;
use crate::state::AppState;

/// Starts a sign-in and opens its authorize page in the browser. The answer
/// names the page too, so Settings can say where the browser went.
#[command]
pub async fn sign_in_url(
    profile: String,
    redirect: SignInRedirect,
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<SignInStart> {
    let start = state.app.sign_in_url(&profile, redirect).await?;
    if !openable(&start.authorize_url) {
        state.app.cancel_sign_in(&profile);
        let shown = start.authorize_url.chars().take(80).collect();
        return Err(zhaohuo_core::Error::InvalidBaseUrl(shown).into());
    }
    app.opener().open_url(start.authorize_url.clone(), None::<&str>)?;
    Ok(start)
}

/// Finishes the sign-in under way with what the buyer pasted, or (with
/// `null`) by waiting for the browser to come back to the loopback listener.
#[command]
pub async fn finish_sign_in(
    profile: String,
    pasted: Option<String>,
    state: State<'_, AppState>,
) -> CommandResult<SignInStatus> {
    Ok(state.app.finish_sign_in(&profile, pasted).await?)
}

#[command]
pub fn cancel_sign_in(profile: String, state: State<'_, AppState>) {
    state.app.cancel_sign_in(&profile);
}

#[command]
pub async fn sign_out(profile: String, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.sign_out(&profile).await?)
}

#[command]
pub async fn sign_in_status(profile: String, state: State<'_, AppState>) -> CommandResult<SignInStatus> {
    Ok(state.app.sign_in_status(&profile).await?)
}

/// Makes real (cheap) API calls, counted against the day's quota.
#[command]
pub async fn test_connection(profile: String, state: State<'_, AppState>) -> CommandResult<ConnectionReport> {
    Ok(state.app.test_connection(&profile).await?)
}

/// Whether the browser may be sent to `url`: https on 1688.com, or the
/// sandbox on this machine's loopback (http or https). A profile pointed at a
/// proxy gets an authorize URL on the proxy's host, which is not opened.
fn openable(url: &str) -> bool {
    let Ok(u) = Url::parse(url) else { return false };
    if !u.username().is_empty() || u.password().is_some() || url.chars().any(char::is_whitespace) {
        return false;
    }
    match (u.scheme(), u.host_str()) {
        ("https", Some(host)) if host == "1688.com" || host.ends_with(".1688.com") => true,
        ("http" | "https", Some("127.0.0.1" | "localhost" | "[::1]")) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::openable;

    #[test]
    fn only_1688_and_the_loopback_sandbox_open() {
        for ok in [
            "https://auth.1688.com/oauth/authorize?client_id=1&state=a",
            "http://127.0.0.1:8123/oauth/authorize?client_id=1",
            "https://localhost:9/oauth/authorize",
        ] {
            assert!(openable(ok), "{ok}");
        }
        for bad in [
            "http://auth.1688.com/oauth/authorize",
            "https://auth.1688.com.evil.example/oauth/authorize",
            "https://evil1688.com/",
            "https://user@auth.1688.com/",
            "https://proxy.example/oauth/authorize",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!openable(bad), "{bad}");
        }
    }
}
