//! Links the app opens in the buyer's browser. Only 1688 offer pages: the
//! webview cannot open URLs itself, and an offer's `detail_url` comes from a
//! provider reply, so it is checked before the OS is asked to open it.

use crate::Error;

/// `url` when it is an https page on 1688.com (e.g. `https://detail.1688.com/offer/1.html`).
pub fn offer_page(url: &str) -> Result<String, Error> {
    let url = url.trim();
    let host = url
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    let on_1688 = host == "1688.com" || host.ends_with(".1688.com");
    let plain = host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if on_1688 && plain && !url.chars().any(char::is_whitespace) {
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
        for ok in ["https://detail.1688.com/offer/610947572360.html", "https://m.1688.com/offer/1.html?spm=a", "https://1688.com/"] {
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
