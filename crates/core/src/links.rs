//! URLs that come from outside Rust: links the app opens in the buyer's
//! browser (only 1688 offer pages: an offer's `detail_url` comes from a
//! provider reply, so it is checked before the OS is asked to open it) and
//! gateway addresses typed in Settings.

use url::{Host, Url};

use crate::Error;

/// `text` parsed when it is a plain web address: http(s), a host, no user
/// or password, no whitespace anywhere (which the parser would escape).
pub(crate) fn web_url(text: &str) -> Option<Url> {
    if text.chars().any(char::is_whitespace) {
        return None;
    }
    let url = Url::parse(text).ok()?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
        && url.username().is_empty()
        && url.password().is_none();
    plain.then_some(url)
}

/// `url` when it is an https page on 1688.com (e.g. `https://detail.1688.com/offer/1.html`).
pub fn offer_page(url: &str) -> Result<String, Error> {
    let url = url.trim();
    let on_1688 = web_url(url).is_some_and(|u| {
        u.scheme() == "https"
            && matches!(u.host(), Some(Host::Domain(d)) if d == "1688.com" || d.ends_with(".1688.com"))
    });
    if on_1688 {
        Ok(url.to_string())
    } else {
        Err(Error::NotAnOfferPage(url.chars().take(80).collect()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhaohuo_types::ErrorKind;

    #[test]
    fn only_https_pages_on_1688_open() {
        for ok in [
            "https://detail.1688.com/offer/610947572360.html",
            "https://m.1688.com/offer/1.html?spm=a",
            "https://1688.com/",
        ] {
            assert_eq!(offer_page(ok).unwrap(), ok);
        }
        for bad in [
            "http://detail.1688.com/offer/1.html",
            "https://detail.1688.com.evil.example/offer/1.html",
            "https://evil1688.com/",
            "https://user@detail.1688.com/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://detail.1688.com/a b",
            "",
        ] {
            assert_eq!(offer_page(bad).unwrap_err().kind(), "link.not_offer_page", "{bad:?}");
        }
    }
}
