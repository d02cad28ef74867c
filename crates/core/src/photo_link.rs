//! A photo from a link: the buyer pastes or drops an image address (`https://…`
//! text, or a link dragged from a browser) and the app downloads it as a
//! browser would, with the limits a browser does not need: https only, at most
//! three redirects and none to this computer or a private network (a page
//! could otherwise make the app probe the buyer's router or the demo
//! gateway), a size cap enforced while the body streams, a timeout for the
//! whole download, and the content sniffed as for files (a web page is not a
//! photo, whatever its `Content-Type` says).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use url::{Host, Url};
use zhaohuo_types::{ErrorKind, Kind};

/// How a download from a link may go.
#[derive(Debug, Clone)]
pub struct LinkPolicy {
    /// Largest photo downloaded (bytes), checked against `Content-Length` and while reading.
    pub max_bytes: u64,
    pub max_redirects: u8,
    /// The whole download, from the first request to the last byte.
    pub timeout: Duration,
    /// http to and redirects onto loopback addresses (tests' own servers only).
    pub allow_loopback: bool,
}

impl Default for LinkPolicy {
    fn default() -> Self {
        LinkPolicy {
            max_bytes: 30 * 1024 * 1024,
            max_redirects: 3,
            timeout: Duration::from_secs(20),
            allow_loopback: false,
        }
    }
}

/// Why a link gave no photo. Addresses are shown without their query string
/// (which may carry someone's token), at most 80 characters.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("{0:?} is not a web address")]
    BadAddress(String),
    #[error("{0} is not an https address")]
    NotHttps(String),
    #[error("{0} points to this computer or a private network")]
    PrivateAddress(String),
    #[error("the link redirected more than {0} times")]
    TooManyRedirects(u8),
    #[error("the picture is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("{0} is not a picture (it is {1})")]
    NotAnImage(String, String),
    #[error("{0} did not answer within {1} seconds")]
    Timeout(String, u64),
    #[error("{0} answered HTTP {1}")]
    HttpStatus(String, u16),
    #[error("{0} could not be reached: {1}")]
    Unreachable(String, String),
}

impl ErrorKind for LinkError {
    fn kind(&self) -> Kind {
        match self {
            LinkError::BadAddress(_) => Kind::LinkBadAddress,
            LinkError::NotHttps(_) => Kind::LinkNotHttps,
            LinkError::PrivateAddress(_) => Kind::LinkPrivateAddress,
            LinkError::TooManyRedirects(_) => Kind::LinkTooManyRedirects,
            LinkError::TooLarge { .. } => Kind::LinkTooLarge,
            LinkError::NotAnImage(..) => Kind::LinkNotAnImage,
            LinkError::Timeout(..) => Kind::LinkTimeout,
            LinkError::HttpStatus(..) => Kind::LinkHttpStatus,
            LinkError::Unreachable(..) => Kind::LinkUnreachable,
        }
    }

    fn hint(&self) -> Option<String> {
        Some(
            match self {
                LinkError::BadAddress(_) | LinkError::NotHttps(_) | LinkError::NotAnImage(..) => {
                    "Right-click the picture in the browser, choose \"Copy image address\" (an https link), and paste again; or save the picture and drop the file."
                }
                LinkError::PrivateAddress(_) => {
                    "Zhaohuo downloads only from the internet, never from this computer or the local network: save the picture and drop the file."
                }
                LinkError::TooManyRedirects(_) | LinkError::HttpStatus(..) => {
                    "Open the link in the browser; if the picture shows, save it and drop the file."
                }
                LinkError::TooLarge { .. } => "Save the picture, crop or shrink it, and drop the file.",
                LinkError::Timeout(..) | LinkError::Unreachable(..) => {
                    "Check the internet connection and try again, or save the picture and drop the file."
                }
            }
            .to_string(),
        )
    }
}

/// `url` for messages: scheme, host and path, no query or fragment, ≤ 80 chars.
fn shown(url: &Url) -> String {
    let mut s = format!("{}://{}{}", url.scheme(), url.host_str().unwrap_or(""), url.path());
    if s.chars().count() > 80 {
        s = s.chars().take(79).collect::<String>() + "…";
    }
    s
}

/// Loopback, private, link-local, unspecified, CGNAT, multicast and other
/// addresses that are not the public internet.
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_private(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
            }
        },
    }
}

/// The text as a link, when it is one (trimmed; a browser's drag may add a newline).
pub fn parse_link(text: &str) -> Result<Url, LinkError> {
    let text = text.trim();
    let url = crate::links::web_url(text).ok_or_else(|| LinkError::BadAddress(text.chars().take(80).collect()))?;
    Ok(url)
}

/// Where one hop may go: its scheme and every address its host resolves to.
async fn admit(url: &Url, policy: &LinkPolicy) -> Result<Vec<SocketAddr>, LinkError> {
    let host = url.host().ok_or_else(|| LinkError::BadAddress(shown(url)))?;
    let loopback_ok = policy.allow_loopback;
    match url.scheme() {
        "https" => {}
        "http" if loopback_ok => {}
        _ => return Err(LinkError::NotHttps(shown(url))),
    }
    let port = url.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = match host {
        Host::Ipv4(ip) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Host::Ipv6(ip) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Host::Domain(name) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|e| LinkError::Unreachable(shown(url), e.to_string()))?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(LinkError::Unreachable(shown(url), "the name has no address".into()));
    }
    let refused = |ip: IpAddr| is_private(ip) && !(loopback_ok && ip.is_loopback());
    if addrs.iter().any(|a| refused(a.ip())) {
        return Err(LinkError::PrivateAddress(shown(url)));
    }
    if url.scheme() == "http" && !addrs.iter().all(|a| a.ip().is_loopback()) {
        return Err(LinkError::NotHttps(shown(url)));
    }
    Ok(addrs)
}

/// Downloads the picture at `url` under `policy`. The bytes are only checked
/// to be a picture format the photo crate knows; decoding is `load_photo`'s.
pub async fn download(url: Url, policy: &LinkPolicy) -> Result<Vec<u8>, LinkError> {
    let first = shown(&url);
    match tokio::time::timeout(policy.timeout, follow(url, policy)).await {
        Ok(result) => result,
        Err(_) => Err(LinkError::Timeout(first, policy.timeout.as_secs())),
    }
}

async fn follow(mut url: Url, policy: &LinkPolicy) -> Result<Vec<u8>, LinkError> {
    let mut redirects = 0u8;
    loop {
        let addrs = admit(&url, policy).await?;
        // Connect only to the addresses just checked (no second lookup a
        // rebinding DNS server could answer differently), follow no redirect
        // unchecked, send no cookies or referrer.
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Zhaohuo/", env!("CARGO_PKG_VERSION")))
            .https_only(!policy.allow_loopback);
        if let Some(Host::Domain(name)) = url.host() {
            builder = builder.resolve_to_addrs(name, &addrs);
        }
        let client = builder.build().map_err(|e| LinkError::Unreachable(shown(&url), e.to_string()))?;
        let mut reply = client
            .get(url.clone())
            .header(reqwest::header::ACCEPT, "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8")
            .send()
            .await
            .map_err(|e| LinkError::Unreachable(shown(&url), without_url(&e)))?;
        let status = reply.status();
        if status.is_redirection() {
            let location = reply.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok());
            let next = location
                .and_then(|l| url.join(l).ok())
                .ok_or_else(|| LinkError::HttpStatus(shown(&url), status.as_u16()))?;
            redirects += 1;
            if redirects > policy.max_redirects {
                return Err(LinkError::TooManyRedirects(policy.max_redirects));
            }
            url = next;
            continue;
        }
        if !status.is_success() {
            return Err(LinkError::HttpStatus(shown(&url), status.as_u16()));
        }
        if reply.content_length().is_some_and(|n| n > policy.max_bytes) {
            return Err(LinkError::TooLarge { limit: policy.max_bytes });
        }
        let mut body = Vec::new();
        while let Some(chunk) = reply.chunk().await.map_err(|e| LinkError::Unreachable(shown(&url), without_url(&e)))? {
            if (body.len() + chunk.len()) as u64 > policy.max_bytes {
                return Err(LinkError::TooLarge { limit: policy.max_bytes });
            }
            body.extend_from_slice(&chunk);
        }
        // Pictures the photo crate cannot open (HEIC, PDF…) pass on to its own,
        // more useful error; what is no picture at all stops here.
        use zhaohuo_photo::DetectedFormat as F;
        if body.is_empty()
            || matches!(zhaohuo_photo::detect_format(&body), F::Html | F::Text | F::Zip | F::Video | F::Unknown)
        {
            return Err(LinkError::NotAnImage(shown(&url), reply_kind(&body)));
        }
        return Ok(body);
    }
}

/// reqwest's error text without the URL it names (the query may hold a token).
fn without_url(e: &reqwest::Error) -> String {
    let mut text = if e.is_connect() {
        "the connection failed".to_string()
    } else if e.is_timeout() {
        "it timed out".to_string()
    } else if e.is_body() || e.is_decode() {
        "the download broke off".to_string()
    } else {
        "the request failed".to_string()
    };
    if let Some(source) = std::error::Error::source(e) {
        text = format!("{text}: {source}");
    }
    text
}

/// What a body that is no picture looks like, in words.
fn reply_kind(body: &[u8]) -> String {
    let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    if body.is_empty() {
        "empty".into()
    } else if head.contains("<html") || head.contains("<!doctype") {
        "a web page".into()
    } else if head.trim_start().starts_with('{') || head.trim_start().starts_with('[') {
        "JSON data".into()
    } else {
        format!("{} bytes of another kind", body.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_local_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.1.1",
            "172.16.0.9",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.0.1",
        ] {
            assert!(is_private(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["8.8.8.8", "47.246.1.1", "2400:3200::1"] {
            assert!(!is_private(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn addresses_are_shown_without_their_query() {
        let url = Url::parse("https://cbu01.alicdn.com/img/a.jpg?token=SECRET#x").expect("url");
        assert_eq!(shown(&url), "https://cbu01.alicdn.com/img/a.jpg");
    }
}
