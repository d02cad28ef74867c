//! The one-shot loopback listener a sign-in's redirect comes back to: it takes
//! the first request on `127.0.0.1:PORT` that carries `code` (or `error`),
//! answers the browser with a small "you can close this tab" page and stops.
//! Anything else (a favicon request) gets a 404 and the wait goes on.

use std::collections::HashMap;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::SignInError;

/// What the redirect carried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    /// `error` (e.g. `access_denied`) when the buyer did not approve.
    pub error: Option<String>,
}

/// The longest request head read from the browser.
const MAX_HEAD: usize = 16 * 1024;
/// A browser that connects and says nothing is dropped after this.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

const DONE_PAGE: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>Zhaohuo 找货</title></head>\
<body style=\"font-family:sans-serif;text-align:center;margin-top:4em\"><h1>找货 Zhaohuo</h1>\
<p>已收到 1688 的登录授权，可以关闭此标签页。</p><p>Sign-in received from 1688. You can close this tab.</p></body></html>";

/// Binds `127.0.0.1:port` (0: any free port) and says which port it got.
pub(crate) async fn bind(port: u16) -> Result<(TcpListener, u16), SignInError> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| SignInError::Listener { port, detail: e.to_string() })?;
    let port = listener.local_addr().map_err(|e| SignInError::Listener { port, detail: e.to_string() })?.port();
    Ok((listener, port))
}

/// Serves until a request brings `code` or `error`, then stops listening.
pub(crate) async fn serve_once(listener: TcpListener) -> Callback {
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        if let Some(callback) = handle(stream).await {
            return callback;
        }
    }
}

/// One connection: the callback if this was the redirect.
async fn handle(mut stream: TcpStream) -> Option<Callback> {
    let head = tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await.ok()??;
    let target = head.lines().next()?.split_whitespace().nth(1)?.to_string();
    let callback = parse_target(&target);
    let (status, body) = match &callback {
        Some(_) => ("200 OK", DONE_PAGE),
        None => ("404 Not Found", ""),
    };
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
        body.len()
    );
    // The browser may already be gone; the code is what matters.
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
    callback
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() + n > MAX_HEAD {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(buf).ok()
}

/// The callback in a request target or a whole redirect URL, if it has `code` or `error`.
pub(crate) fn parse_target(target: &str) -> Option<Callback> {
    let query = target.split_once('?').map(|(_, q)| q)?;
    let query = query.split('#').next().unwrap_or(query);
    let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let get = |k: &str| params.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let callback = Callback { code: get("code"), state: get("state"), error: get("error") };
    (callback.code.is_some() || callback.error.is_some()).then_some(callback)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_urls_give_their_code_and_state() {
        let c = parse_target("/callback?code=abc&state=s%201").unwrap();
        assert_eq!((c.code.as_deref(), c.state.as_deref()), (Some("abc"), Some("s 1")));
        let c = parse_target("https://example.com/cb?state=x&error=access_denied#top").unwrap();
        assert_eq!(c.error.as_deref(), Some("access_denied"));
        assert_eq!(parse_target("/favicon.ico"), None);
        assert_eq!(parse_target("/callback?state=only"), None);
    }

    #[tokio::test]
    async fn answers_the_browser_and_stops() {
        let (listener, port) = bind(0).await.unwrap();
        let served = tokio::spawn(serve_once(listener));
        let get = |path: &'static str| async move {
            let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes()).await.unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).await.unwrap();
            out
        };
        assert!(get("/favicon.ico").await.starts_with("HTTP/1.1 404"));
        let page = get("/callback?code=C1&state=S1").await;
        assert!(page.starts_with("HTTP/1.1 200") && page.contains("close this tab"), "{page}");
        let got = served.await.unwrap();
        assert_eq!(got.code.as_deref(), Some("C1"));
        assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err(), "the listener is closed");
    }
}
