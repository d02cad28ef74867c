//! "Sign in with 1688" for AOP profiles (OAuth 2 authorization code), without
//! a GUI: [`App::sign_in_url`] builds the authorize URL (and, for a loopback
//! redirect, starts a one-shot listener on `127.0.0.1`); the code comes back
//! through that listener or pasted by the buyer (the code alone or the whole
//! redirect URL) to [`App::finish_sign_in`], which checks `state`, exchanges
//! the code and keeps the tokens (see `keep`). The provider client renews
//! them from then on. [`App::sign_out`] removes every token.

mod keep;
mod listener;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_providers::{oauth, Api, ProviderClient, ProviderProfile};
use zhaohuo_secrets::SecretField;
use zhaohuo_types::{ErrorKind, Kind};

use crate::{App, Error};
pub(crate) use keep::{clear_tokens, facts_key, read_grant, Facts, KeychainSink};

/// The loopback port offered when the buyer names none. The redirect URI
/// registered for the app in the 1688 console must use the same port.
pub const DEFAULT_LOOPBACK_PORT: u16 = 17688;

/// A sign-in not finished within this is stale (a code lives 2–10 minutes).
const PENDING_TTL: Duration = Duration::from_secs(10 * 60);

/// Earlier `state`s remembered per profile, so a code from an older attempt
/// is told apart from a foreign one.
const OLD_STATES: usize = 4;

/// Why a sign-in could not be finished. Messages hold no code or token.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("the profile {0} does not sign in with 1688 (only 1688 Open Platform profiles do)")]
    NotSupported(String),
    #[error("no sign-in is under way for {0}")]
    NotStarted(String),
    /// The `state` came from another sign-in than the one under way.
    #[error("the sign-in answer does not belong to this sign-in (state does not match)")]
    StateMismatch,
    /// The `state` of an earlier attempt, or a sign-in left open too long.
    #[error("the sign-in answer is from an earlier or expired sign-in")]
    StateStale,
    #[error("the redirect carries no code")]
    NoCode,
    #[error("1688 did not approve the sign-in ({0})")]
    Denied(String),
    #[error("cannot listen on 127.0.0.1:{port} for the sign-in ({detail})")]
    Listener { port: u16, detail: String },
    #[error("the sign-in was cancelled")]
    Cancelled,
}

impl ErrorKind for SignInError {
    fn kind(&self) -> Kind {
        match self {
            SignInError::NotSupported(_) => Kind::SigninNotSupported,
            SignInError::NotStarted(_) => Kind::SigninNotStarted,
            SignInError::StateMismatch => Kind::SigninStateMismatch,
            SignInError::StateStale => Kind::SigninStateStale,
            SignInError::NoCode => Kind::SigninNoCode,
            SignInError::Denied(_) => Kind::SigninDenied,
            SignInError::Listener { .. } => Kind::SigninListener,
            SignInError::Cancelled => Kind::SigninCancelled,
        }
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            SignInError::NotSupported(_) => "Choose the 1688 Open Platform profile to sign in.".into(),
            SignInError::NotStarted(_) | SignInError::StateStale => {
                "Start again with Sign in with 1688 and finish within ten minutes.".into()
            }
            SignInError::StateMismatch => "Paste the address from the sign-in you started last, or start again.".into(),
            SignInError::NoCode => {
                "Paste the whole address the browser shows after approving, or the code in it.".into()
            }
            SignInError::Denied(_) => "Approve Zhaohuo on the 1688 page, or start the sign-in again.".into(),
            SignInError::Listener { .. } => {
                "Another program uses this port: pick another one (and register it as the app's redirect URI).".into()
            }
            SignInError::Cancelled => return None,
        })
    }
}

/// Where 1688 sends the browser after the buyer approves.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SignInRedirect {
    /// `http://127.0.0.1:PORT/callback`, answered by Zhaohuo itself.
    Loopback {
        /// [`DEFAULT_LOOPBACK_PORT`] when absent; 0 lets the OS choose (tests).
        #[serde(default)]
        port: Option<u16>,
    },
    /// The redirect URI registered for the app; the buyer pastes what comes back.
    #[serde(rename_all = "camelCase")]
    Manual { redirect_uri: String },
}

/// A started sign-in, for the UI to open and show.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInStart {
    pub profile: String,
    /// Open this in the browser.
    pub authorize_url: String,
    pub redirect_uri: String,
    /// The loopback port waited on, for a loopback redirect.
    pub port: Option<u16>,
}

/// How a profile is signed in, for Settings (facts only; the UI words them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SignInState {
    SignedOut,
    /// Signed in through 1688; renewed automatically.
    SignedIn,
    /// The refresh token has ended: sign in again.
    Expired,
    /// An access token pasted by hand (a self-use app's console token): used
    /// as it is, never renewed, its end unknown.
    PastedToken,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInStatus {
    pub profile: String,
    pub state: SignInState,
    pub member_id: Option<String>,
    /// When the access token ends (milliseconds since the epoch).
    #[ts(type = "number | null")]
    pub access_expires_at_ms: Option<i64>,
    /// When the sign-in itself (the refresh token) ends.
    #[ts(type = "number | null")]
    pub refresh_expires_at_ms: Option<i64>,
    /// The loopback port of a sign-in under way.
    pub pending_port: Option<u16>,
}

struct Pending {
    state: String,
    redirect_uri: String,
    started: Instant,
    port: Option<u16>,
    /// The listener's answer, taken by whoever waits for it.
    callback: Option<tokio::sync::oneshot::Receiver<listener::Callback>>,
    listener: Option<tokio::task::AbortHandle>,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(task) = &self.listener {
            task.abort();
        }
    }
}

/// Sign-ins under way, one per profile, and each profile's recent `state`s.
#[derive(Default)]
pub(crate) struct SignIns {
    pending: Mutex<HashMap<String, Pending>>,
    old_states: Mutex<HashMap<String, VecDeque<String>>>,
}

impl SignIns {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pending>> {
        self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn remember_old(&self, profile: &str, state: String) {
        let mut old = self.old_states.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let list = old.entry(profile.to_string()).or_default();
        list.push_back(state);
        while list.len() > OLD_STATES {
            list.pop_front();
        }
    }

    fn is_old(&self, profile: &str, state: &str) -> bool {
        let old = self.old_states.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        old.get(profile).is_some_and(|l| l.iter().any(|s| s == state))
    }

    /// Ends the sign-in under way (its listener stops), keeping its state as an old one.
    fn end(&self, profile: &str) {
        let ended = self.lock().remove(profile);
        if let Some(p) = ended {
            self.remember_old(profile, p.state.clone());
        }
    }
}

fn random_state() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Pulls code and state out of what the buyer pasted: the whole redirect URL
/// (or its query), or the code alone (then there is no state to check).
fn parse_pasted(text: &str) -> Result<listener::Callback, SignInError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SignInError::NoCode);
    }
    if text.contains('?') || text.contains("code=") || text.contains("error=") {
        let target = if text.contains('?') { text.to_string() } else { format!("?{text}") };
        return listener::parse_target(&target).ok_or(SignInError::NoCode);
    }
    if text.contains(char::is_whitespace) || text.contains('/') {
        return Err(SignInError::NoCode);
    }
    Ok(listener::Callback { code: Some(text.to_string()), state: None, error: None })
}

impl App {
    fn sign_in_profile(&self, profile: &ProviderProfile) -> Result<(), Error> {
        match profile.api {
            Api::Aop(_) => Ok(()),
            _ => Err(SignInError::NotSupported(profile.id.clone()).into()),
        }
    }

    /// Starts a sign-in: the authorize URL to open, with a fresh `state`. For
    /// a loopback redirect the listener is already waiting when this returns.
    /// A sign-in already under way for the profile is replaced.
    pub async fn sign_in_url(&self, profile: &str, redirect: SignInRedirect) -> Result<SignInStart, Error> {
        let p = self.find_profile(profile).await?;
        self.sign_in_profile(&p)?;
        let secrets = Arc::clone(&self.secrets);
        let id = p.id.clone();
        let app_key = tokio::task::spawn_blocking(move || secrets.get(&id, SecretField::AppKey))
            .await?
            .map_err(|_| Error::MissingCredential { profile: p.id.clone(), field: SecretField::AppKey.as_str() })?;
        self.sign_ins.end(&p.id);
        let state = random_state();
        let (redirect_uri, port, callback, task) = match redirect {
            SignInRedirect::Loopback { port } => {
                let (bound, port) = listener::bind(port.unwrap_or(DEFAULT_LOOPBACK_PORT)).await?;
                let (tx, rx) = tokio::sync::oneshot::channel();
                let task = tokio::spawn(async move {
                    let _ = tx.send(listener::serve_once(bound).await);
                });
                (format!("http://127.0.0.1:{port}/callback"), Some(port), Some(rx), Some(task.abort_handle()))
            }
            SignInRedirect::Manual { redirect_uri } => {
                let uri = redirect_uri.trim().to_string();
                if crate::links::web_url(&uri).is_none() {
                    return Err(Error::InvalidBaseUrl(uri.chars().take(80).collect()));
                }
                (uri, None, None, None)
            }
        };
        let authorize_url = oauth::authorize_url(&p, app_key.expose(), &redirect_uri, &state)?;
        self.sign_ins.lock().insert(
            p.id.clone(),
            Pending {
                state,
                redirect_uri: redirect_uri.clone(),
                started: Instant::now(),
                port,
                callback,
                listener: task,
            },
        );
        Ok(SignInStart { profile: p.id, authorize_url, redirect_uri, port })
    }

    /// Finishes the sign-in under way: with `pasted` (the code or the redirect
    /// URL the browser showed), or else by waiting for the loopback listener.
    /// The code is exchanged for tokens, which are kept only if all of them
    /// could be; then searches use them.
    pub async fn finish_sign_in(&self, profile: &str, pasted: Option<String>) -> Result<SignInStatus, Error> {
        let callback = match pasted {
            Some(text) => parse_pasted(&text)?,
            None => {
                let rx = self
                    .sign_ins
                    .lock()
                    .get_mut(profile)
                    .ok_or_else(|| SignInError::NotStarted(profile.to_string()))?
                    .callback
                    .take()
                    .ok_or_else(|| SignInError::NotStarted(profile.to_string()))?;
                rx.await.map_err(|_| SignInError::Cancelled)?
            }
        };
        let (redirect_uri, expected_state, started) = {
            let pending = self.sign_ins.lock();
            match pending.get(profile) {
                Some(p) => (p.redirect_uri.clone(), p.state.clone(), p.started),
                None => {
                    let stale = callback.state.as_deref().is_some_and(|s| self.sign_ins.is_old(profile, s));
                    return Err(
                        if stale { SignInError::StateStale } else { SignInError::NotStarted(profile.into()) }.into()
                    );
                }
            }
        };
        if let Some(state) = callback.state.as_deref() {
            if state != expected_state {
                let stale = self.sign_ins.is_old(profile, state);
                return Err(if stale { SignInError::StateStale } else { SignInError::StateMismatch }.into());
            }
        }
        if started.elapsed() > PENDING_TTL {
            self.sign_ins.end(profile);
            return Err(SignInError::StateStale.into());
        }
        if let Some(error) = callback.error {
            self.sign_ins.end(profile);
            return Err(SignInError::Denied(error.chars().take(60).collect()).into());
        }
        let code = callback.code.ok_or(SignInError::NoCode)?;

        let p = self.find_profile(profile).await?;
        let client = self.client(&p).await?;
        let grant = client.exchange_code(&code, &redirect_uri).await?;
        self.sign_ins.end(profile);
        let secrets = Arc::clone(&self.secrets);
        let id = p.id.clone();
        let kept = grant.clone();
        tokio::task::spawn_blocking(move || keep::write_grant(secrets.as_ref(), &id, &kept)).await??;
        let facts = Facts::of(&grant, Utc::now().timestamp_millis());
        let value = serde_json::to_value(&facts).map_err(|e| Error::Internal(e.to_string()))?;
        self.store.set_setting(&facts_key(&p.id), value).await?;
        self.forget_client(&p.id).await;
        tracing::info!(profile = %p.id, "signed in with 1688");
        self.sign_in_status(&p.id).await
    }

    /// Stops a sign-in under way (its listener closes).
    pub fn cancel_sign_in(&self, profile: &str) {
        self.sign_ins.end(profile);
    }

    /// Signs out: every token of the profile leaves the keychain, the sign-in
    /// facts leave the store. The App Key and Secret stay.
    pub async fn sign_out(&self, profile: &str) -> Result<(), Error> {
        let p = self.find_profile(profile).await?;
        self.sign_ins.end(&p.id);
        let secrets = Arc::clone(&self.secrets);
        let id = p.id.clone();
        tokio::task::spawn_blocking(move || clear_tokens(secrets.as_ref(), &id)).await??;
        self.store.set_setting(&facts_key(&p.id), serde_json::Value::Null).await?;
        self.forget_client(&p.id).await;
        Ok(())
    }

    /// How the profile is signed in (never a token).
    pub async fn sign_in_status(&self, profile: &str) -> Result<SignInStatus, Error> {
        let p = self.find_profile(profile).await?;
        let facts: Option<Facts> =
            self.store.get_setting(&facts_key(&p.id)).await?.and_then(|v| serde_json::from_value(v).ok());
        let secrets = Arc::clone(&self.secrets);
        let id = p.id.clone();
        let has_token = tokio::task::spawn_blocking(move || secrets.is_set(&id, SecretField::AccessToken)).await??;
        let pending_port = self.sign_ins.lock().get(&p.id).and_then(|pending| pending.port);
        let now = Utc::now().timestamp_millis();
        let state = match (&facts, has_token) {
            (_, false) => SignInState::SignedOut,
            (None, true) => SignInState::PastedToken,
            (Some(f), true) if f.refresh_expires_at_ms.is_some_and(|end| end <= now) => SignInState::Expired,
            (Some(f), true)
                if f.refresh_expires_at_ms.is_none() && f.access_expires_at_ms.is_some_and(|e| e <= now) =>
            {
                SignInState::Expired
            }
            (Some(_), true) => SignInState::SignedIn,
        };
        let facts = facts.filter(|_| has_token).unwrap_or_default();
        Ok(SignInStatus {
            profile: p.id,
            state,
            member_id: facts.member_id,
            access_expires_at_ms: facts.access_expires_at_ms,
            refresh_expires_at_ms: facts.refresh_expires_at_ms,
            pending_port,
        })
    }

    /// A token typed into Settings replaces any sign-in: its refresh token
    /// and facts go, so it is used as it is (shown as pasted).
    pub(crate) async fn forget_sign_in(&self, profile: &str) -> Result<(), Error> {
        let secrets = Arc::clone(&self.secrets);
        let id = profile.to_string();
        tokio::task::spawn_blocking(move || {
            for field in
                [SecretField::RefreshToken, SecretField::AccessTokenExpiresAt, SecretField::RefreshTokenExpiresAt]
            {
                secrets.clear(&id, field)?;
            }
            Ok::<_, Error>(())
        })
        .await??;
        self.store.set_setting(&facts_key(profile), serde_json::Value::Null).await?;
        Ok(())
    }

    /// Gives a new client the profile's sign-in, so it renews the tokens and
    /// keeps renewed ones in the keychain.
    pub(crate) async fn attach_sign_in(&self, client: &ProviderClient) -> Result<(), Error> {
        let profile = client.profile().id.clone();
        if !matches!(client.profile().api, Api::Aop(_)) {
            return Ok(());
        }
        let secrets = Arc::clone(&self.secrets);
        let id = profile.clone();
        let Some(mut grant) = tokio::task::spawn_blocking(move || read_grant(secrets.as_ref(), &id)).await?? else {
            return Ok(());
        };
        let facts: Option<Facts> =
            self.store.get_setting(&facts_key(&profile)).await?.and_then(|v| serde_json::from_value(v).ok());
        grant.member_id = facts.and_then(|f| f.member_id);
        let sink = KeychainSink { secrets: Arc::clone(&self.secrets), store: self.store.clone(), profile };
        client.use_sign_in(grant, Some(Arc::new(sink))).await;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pasted_text_gives_a_code() {
        let c = parse_pasted(" http://127.0.0.1:17688/callback?code=abc&state=s1 ").unwrap();
        assert_eq!((c.code.as_deref(), c.state.as_deref()), (Some("abc"), Some("s1")));
        let c = parse_pasted("code=abc&state=s1").unwrap();
        assert_eq!(c.state.as_deref(), Some("s1"));
        let c = parse_pasted("0a1b2c3d").unwrap();
        assert_eq!((c.code.as_deref(), c.state), (Some("0a1b2c3d"), None));
        for bad in ["", "   ", "https://example.com/", "two words"] {
            assert!(parse_pasted(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn states_are_random_and_long() {
        let (a, b) = (random_state(), random_state());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn every_error_has_its_kind_and_a_hint_where_there_is_advice() {
        let all = [
            SignInError::NotSupported("x".into()),
            SignInError::NotStarted("x".into()),
            SignInError::StateMismatch,
            SignInError::StateStale,
            SignInError::NoCode,
            SignInError::Denied("access_denied".into()),
            SignInError::Listener { port: 1, detail: "in use".into() },
            SignInError::Cancelled,
        ];
        let kinds: std::collections::HashSet<_> = all.iter().map(SignInError::kind).collect();
        assert_eq!(kinds.len(), all.len());
        assert!(all.iter().filter(|e| !matches!(e, SignInError::Cancelled)).all(|e| e.hint().is_some()));
    }
}
