//! What a gateway may make the app hold or show. A reply is untrusted input
//! (a wrong base URL, a captive portal, a compromised proxy): its size, the
//! number of items, the length of every text and the image URLs an `<img>`
//! will load are bounded here, before anything is normalised, cloned or
//! stored. Also where credentials may be sent: https, or plain http to this
//! computer only.

use std::cell::Cell;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use zhaohuo_types::Offer;

use crate::error::ProviderError;

/// Largest reply body read from a gateway unless a profile says otherwise:
/// a page of 50 offers with their raw items is ~100 KB, so 8 MB is far above
/// any real answer and far below what would hurt.
pub const DEFAULT_MAX_REPLY_BYTES: u64 = 8 * 1024 * 1024;

/// Items read from one reply page; the rest are dropped (and logged) before
/// normalising. Page size caps are 20–100 in every known family, so this
/// only cuts a reply that is misbehaving, and it is truncated rather than
/// refused because the items before the cut are the provider's real answer.
pub const MAX_ITEMS_PER_PAGE: usize = 500;

/// Entries kept per JSON object of a reply; the rest are skipped unread.
pub const MAX_OBJECT_ENTRIES: usize = 1000;

/// Values (numbers, strings, lists, objects, at any depth) a reply may hold
/// once parsed. A parsed value costs 30–100 bytes, several times its JSON
/// text, so the byte cap alone would still let 8 MB of `[[0,0,…],…]` become
/// hundreds of MB; a real page holds a few thousand.
pub const MAX_JSON_VALUES: usize = 250_000;

/// Longest title, supplier name or other short text kept, in characters.
pub const MAX_TEXT_CHARS: usize = 500;

/// Longest URL kept, in characters (browsers and 1688 stay well under it).
pub const MAX_URL_CHARS: usize = 2048;

/// Supplier badges kept per offer.
pub const MAX_BADGES: usize = 20;

/// Largest raw provider item kept with an offer (serialised JSON). Real
/// items are 1–5 KB; a bigger one keeps its top-level fields, each clipped.
pub const MAX_RAW_ITEM_BYTES: usize = 32 * 1024;

/// Hosts an offer image may come from, besides the gateway's own host: the
/// 1688 and Alibaba CDNs (the UI's CSP allows the same).
const IMAGE_HOST_SUFFIXES: &[&str] = &["alicdn.com", "1688.com", "alibaba.com"];

/// `text` cut to at most `max` characters (never inside a character).
pub fn clip(mut text: String, max: usize) -> String {
    if let Some((at, _)) = text.char_indices().nth(max) {
        text.truncate(at);
    }
    text
}

fn clip_opt(text: Option<String>, max: usize) -> Option<String> {
    text.map(|t| clip(t, max))
}

/// Whether `host` is this computer: `localhost`, 127.0.0.0/8 or `::1`.
pub fn is_loopback_host(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Checks a profile's base URL before any credential is sent to it: https,
/// or http to this computer (the demo gateway, a local test server). Plain
/// http anywhere else would carry the app key, the signature and, for some
/// families, the secret itself in clear over the network.
pub fn check_base_url(profile: &str, base_url: &str) -> Result<url::Url, ProviderError> {
    let insecure = |why: &str| ProviderError::InsecureUrl {
        profile: profile.to_string(),
        url: base_url.chars().take(80).collect(),
        why: why.to_string(),
    };
    let url = url::Url::parse(base_url).map_err(|_| insecure("it is not a web address"))?;
    let host = url.host().ok_or_else(|| insecure("it has no host"))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback_host(&host) => Ok(url),
        "http" => Err(insecure(
            "plain http would send the app key, signature and tokens readable by anyone on the network; \
             only a gateway on this computer (127.0.0.1, localhost) may use http",
        )),
        _ => Err(insecure("only https:// (or http:// to this computer) is supported")),
    }
}

/// Where a refused redirect pointed: scheme, host, port and path (never the
/// query, which may echo a signature or key).
#[derive(Debug)]
struct RedirectRefused {
    to: String,
}

impl std::fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirect to {} refused", self.to)
    }
}

impl std::error::Error for RedirectRefused {}

/// Which redirects a signed request may follow: one that leaves the
/// original scheme, host or port would resend the app key, signature and
/// tokens (in the query or the body) to whoever the `Location` names, or
/// downgrade them to http. Same-origin redirects (a moved path) are followed,
/// at most 3.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let to = attempt.url();
        let same_origin = attempt.previous().first().is_some_and(|from| {
            from.scheme() == to.scheme()
                && from.host_str() == to.host_str()
                && from.port_or_known_default() == to.port_or_known_default()
        });
        let shown = || {
            let mut shown = to.clone();
            shown.set_query(None);
            shown.set_fragment(None);
            let _ = shown.set_username("");
            let _ = shown.set_password(None);
            shown.to_string()
        };
        if !same_origin || attempt.previous().len() > 3 {
            let err = RedirectRefused { to: shown() };
            attempt.error(err)
        } else {
            attempt.follow()
        }
    })
}

/// Where a request was redirected when [`redirect_policy`] refused it.
pub fn refused_redirect(err: &reqwest::Error) -> Option<String> {
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        if let Some(refused) = s.downcast_ref::<RedirectRefused>() {
            return Some(refused.to.clone());
        }
        source = s.source();
    }
    None
}

/// An offer image URL the UI may load, or `None`: http(s) only (a
/// protocol-relative `//host/…` becomes https), to the 1688/Alibaba CDNs
/// (upgraded to https) or to the gateway's own host (the sandbox serves its
/// demo images itself). Anything else (`javascript:`, `data:`, `file:`, a
/// tracking host) never reaches an `<img>`.
pub fn image_url(raw: &str, gateway: Option<&url::Url>) -> Option<String> {
    let raw = raw.trim();
    if raw.len() > MAX_URL_CHARS {
        return None;
    }
    let absolute = match raw.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => raw.to_string(),
    };
    let mut url = url::Url::parse(&absolute).ok()?;
    if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() || url.password().is_some() {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let same_origin = gateway.is_some_and(|g| {
        g.host_str().is_some_and(|h| h.eq_ignore_ascii_case(&host))
            && g.scheme() == url.scheme()
            && g.port_or_known_default() == url.port_or_known_default()
    });
    if same_origin {
        return Some(url.into());
    }
    let cdn = IMAGE_HOST_SUFFIXES.iter().any(|s| host == *s || host.ends_with(&format!(".{s}")));
    if !cdn || url.port().is_some() {
        return None;
    }
    if url.scheme() == "http" {
        url.set_scheme("https").ok()?;
    }
    Some(url.into())
}

/// The raw item bounded to [`MAX_RAW_ITEM_BYTES`]: kept whole when small
/// (nearly always); otherwise strings clipped, lists and objects shortened
/// and nesting cut, and if that is still too big only a note of its size.
pub fn bounded_raw(item: Value) -> Value {
    let size = |v: &Value| serde_json::to_vec(v).map_or(usize::MAX, |b| b.len());
    let original = size(&item);
    if original <= MAX_RAW_ITEM_BYTES {
        return item;
    }
    let shrunk = shrink(item, 0);
    if size(&shrunk) <= MAX_RAW_ITEM_BYTES {
        return shrunk;
    }
    let mut note = Map::new();
    note.insert("zhaohuoTruncated".into(), Value::Bool(true));
    note.insert("originalBytes".into(), Value::from(original));
    Value::Object(note)
}

fn shrink(value: Value, depth: usize) -> Value {
    const MAX_DEPTH: usize = 6;
    const MAX_ENTRIES: usize = 64;
    const MAX_STRING: usize = 256;
    match value {
        Value::String(s) => Value::String(clip(s, MAX_STRING)),
        Value::Array(list) if depth < MAX_DEPTH => {
            Value::Array(list.into_iter().take(MAX_ENTRIES).map(|v| shrink(v, depth + 1)).collect())
        }
        Value::Object(map) if depth < MAX_DEPTH => Value::Object(
            map.into_iter().take(MAX_ENTRIES).map(|(k, v)| (clip(k, MAX_STRING), shrink(v, depth + 1))).collect(),
        ),
        Value::Array(_) | Value::Object(_) => Value::Null,
        scalar => scalar,
    }
}

/// Clips every text field of a normalised offer and checks its image URL,
/// so nothing a gateway sends is kept or shown unbounded.
pub fn bound_offer(mut offer: Offer, gateway: Option<&url::Url>) -> Offer {
    offer.offer_id = clip(offer.offer_id, MAX_TEXT_CHARS);
    offer.title = clip(offer.title, MAX_TEXT_CHARS);
    offer.title_translated = clip_opt(offer.title_translated, MAX_TEXT_CHARS);
    offer.detail_url = clip(offer.detail_url, MAX_URL_CHARS);
    offer.unit = clip_opt(offer.unit, MAX_TEXT_CHARS);
    offer.supply_type = clip_opt(offer.supply_type, MAX_TEXT_CHARS);
    offer.supplier.id = clip_opt(offer.supplier.id, MAX_TEXT_CHARS);
    offer.supplier.name = clip(offer.supplier.name, MAX_TEXT_CHARS);
    offer.supplier.city = clip_opt(offer.supplier.city, MAX_TEXT_CHARS);
    offer.supplier.credit_level = clip_opt(offer.supplier.credit_level, MAX_TEXT_CHARS);
    offer.supplier.badges.truncate(MAX_BADGES);
    offer.supplier.badges = offer.supplier.badges.into_iter().map(|b| clip(b, MAX_TEXT_CHARS)).collect();
    if let Some(raw) = offer.image_url.take() {
        offer.image_url = image_url(&raw, gateway);
        if offer.image_url.is_none() {
            tracing::warn!(profile = %offer.profile, offer = %offer.offer_id, "dropping an image URL that is not https to a 1688 CDN or the gateway");
        }
    }
    offer.raw = bounded_raw(std::mem::take(&mut offer.raw));
    offer
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;
    use zhaohuo_types::ErrorKind;

    #[test]
    fn plain_http_is_for_this_computer_only() {
        for ok in ["https://gw.open.1688.com", "http://127.0.0.1:8788", "http://localhost:9", "http://[::1]:80/x"] {
            assert!(check_base_url("p", ok).is_ok(), "{ok}");
        }
        for bad in ["http://gw.open.1688.com", "http://192.168.1.10:8080", "http://127.0.0.1.nip.io", "ftp://x.com"] {
            let err = check_base_url("p", bad).unwrap_err();
            assert_eq!(err.kind(), "provider.insecure_url", "{bad}");
            assert!(err.to_string().contains("http"), "{err}");
        }
    }

    #[test]
    fn image_urls_are_https_to_the_cdn_or_the_gateway() {
        let gw = url::Url::parse("http://127.0.0.1:8788").unwrap();
        let ok = |u: &str| image_url(u, Some(&gw));
        assert_eq!(ok("https://cbu01.alicdn.com/img/a.jpg").as_deref(), Some("https://cbu01.alicdn.com/img/a.jpg"));
        assert_eq!(ok("http://cbu01.alicdn.com/a.jpg").as_deref(), Some("https://cbu01.alicdn.com/a.jpg"));
        assert_eq!(ok("//img.alicdn.com/a.jpg").as_deref(), Some("https://img.alicdn.com/a.jpg"));
        assert_eq!(ok("http://127.0.0.1:8788/images/1.jpg").as_deref(), Some("http://127.0.0.1:8788/images/1.jpg"));
        for bad in [
            "javascript:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "file:///etc/passwd",
            "https://evil.example/a.jpg",
            "https://alicdn.com.evil.example/a.jpg",
            "https://evilalicdn.com/a.jpg",
            "http://127.0.0.1:9999/other-port.jpg",
            "https://user:pw@img.alicdn.com/a.jpg",
            "https://img.alicdn.com:8443/a.jpg",
            "not a url",
        ] {
            assert_eq!(ok(bad), None, "{bad}");
        }
        assert_eq!(image_url(&format!("https://img.alicdn.com/{}", "a".repeat(5000)), None), None);
    }

    #[test]
    fn texts_and_raw_items_are_bounded() {
        assert_eq!(clip("一二三四".into(), 2), "一二");
        let huge = json!({"offerId": "1", "desc": "x".repeat(1_000_000), "list": vec![1; 100_000]});
        let kept = bounded_raw(huge);
        assert!(serde_json::to_vec(&kept).unwrap().len() <= MAX_RAW_ITEM_BYTES);
        assert_eq!(kept["offerId"], "1", "top-level fields survive: {kept}");
        let small = json!({"offerId": "2", "subject": "cup"});
        assert_eq!(bounded_raw(small.clone()), small);
        let mut wide = Map::new();
        for i in 0..5000 {
            wide.insert(format!("k{i}"), Value::String("v".repeat(200)));
        }
        let kept = bounded_raw(Value::Object(wide));
        assert!(serde_json::to_vec(&kept).unwrap().len() <= MAX_RAW_ITEM_BYTES);
    }
}

/// Parses a reply as JSON keeping at most [`MAX_ITEMS_PER_PAGE`] elements of
/// any list and [`MAX_OBJECT_ENTRIES`] entries of any object (the rest are
/// read past, never built), and failing past [`MAX_JSON_VALUES`] values. So
/// a page of a million items costs what a page of 500 does.
pub fn parse_json(text: &str) -> Result<Value, serde_json::Error> {
    let budget = Cell::new(MAX_JSON_VALUES);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Bounded(&budget).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Builds a [`Value`] while counting down a shared budget of values.
struct Bounded<'b>(&'b Cell<usize>);

impl Bounded<'_> {
    fn take<E: serde::de::Error>(&self) -> Result<(), E> {
        match self.0.get().checked_sub(1) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(format!("the reply holds more than {MAX_JSON_VALUES} values"))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.take()?;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.take()?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.take()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.take()?;
        let mut list = Vec::new();
        while list.len() < MAX_ITEMS_PER_PAGE {
            match seq.next_element_seed(Bounded(self.0))? {
                Some(v) => list.push(v),
                None => return Ok(Value::Array(list)),
            }
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Array(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.take()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.len() < MAX_OBJECT_ENTRIES {
                let value = map.next_value_seed(Bounded(self.0))?;
                out.insert(key, value);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod json_tests {
    use super::*;

    #[test]
    fn ordinary_replies_parse_as_serde_json_does() {
        let text = r#"{"a":[1,-2,3.5,"x",null,true,{"b":{}}],"c":"\u00e9\ud83d\ude00","d":18446744073709551615}"#;
        assert_eq!(parse_json(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
        assert!(parse_json("{\"a\":1} trailing").is_err());
        assert!(parse_json("[1,2").is_err());
    }

    #[test]
    fn long_lists_and_wide_objects_are_cut_and_the_rest_is_not_built() {
        let list = format!("[{}]", vec!["{\"k\":1}"; 10_000].join(","));
        let v = parse_json(&list).unwrap();
        assert_eq!(v.as_array().unwrap().len(), MAX_ITEMS_PER_PAGE);
        let wide = format!("{{{}}}", (0..5000).map(|i| format!("\"k{i}\":{i}")).collect::<Vec<_>>().join(","));
        assert_eq!(parse_json(&wide).unwrap().as_object().unwrap().len(), MAX_OBJECT_ENTRIES);
        // Nested lists within every cap, but too many values in all.
        let inner = format!("[{}]", vec!["0"; 400].join(","));
        let middle = format!("[{}]", vec![inner.as_str(); 400].join(","));
        let outer = format!("[{}]", [middle.as_str(); 4].join(","));
        let err = parse_json(&outer).unwrap_err();
        assert!(err.to_string().contains("more than"), "{err}");
    }
}
