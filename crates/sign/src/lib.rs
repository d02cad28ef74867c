//! Request signatures for the 1688 API families.
//!
//! Pure functions, no I/O: the providers crate signs outgoing requests, the
//! sandbox gateway verifies incoming ones, and `zhaohuo sign` shows buyers the
//! exact string that was signed. Sharing one implementation is what keeps the
//! three in agreement.
//!
//! * AOP (`_aop_signature`): HMAC-SHA1 over `url_path` followed by every
//!   `key+value` string, the strings sorted *as whole strings*; every given
//!   parameter is signed, empty ones included.
//! * TOP router: `md5` (secret-wrapped MD5), `hmac` (HMAC-MD5) and
//!   `hmac-sha256` over `k1v1k2v2…`, keys in byte order, `sign` left out, blank
//!   values left out (they are not sent either).

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha1::Sha1;
use sha2::Sha256;

/// One request parameter as a signer sees it. Implemented for `(K, V)` and
/// `&(K, V)` so maps (`&BTreeMap`, `&HashMap`, `&IndexMap`), slices and vectors
/// of pairs can all be passed without copying.
pub trait Param {
    fn key(&self) -> &str;
    fn value(&self) -> &str;
}

impl<K: AsRef<str>, V: AsRef<str>> Param for (K, V) {
    fn key(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Param for &(K, V) {
    fn key(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

/// The name of the AOP signature parameter; it is never part of its own message.
pub const AOP_SIGNATURE_PARAM: &str = "_aop_signature";
/// The name of the TOP signature parameter; it is never part of its own message.
pub const TOP_SIGN_PARAM: &str = "sign";

// ---------------------------------------------------------------- AOP ---

/// The exact message AOP signs: `url_path` then the sorted `key+value` strings.
///
/// `url_path` is `param2/{version}/{namespace}/{api}/{appKey}` (no leading `/`,
/// no `openapi/`). A `_aop_signature` parameter, if present, is left out.
pub fn aop_string_to_sign<I>(url_path: &str, params: I) -> String
where
    I: IntoIterator,
    I::Item: Param,
{
    let mut pieces: Vec<String> = params
        .into_iter()
        .filter(|p| p.key() != AOP_SIGNATURE_PARAM)
        .map(|p| {
            let mut s = String::with_capacity(p.key().len() + p.value().len());
            s.push_str(p.key());
            s.push_str(p.value());
            s
        })
        .collect();
    // Whole-string byte order: `keywordTranslatefalse` < `keyworddress`.
    pieces.sort_unstable();
    let mut message = String::with_capacity(url_path.len() + pieces.iter().map(String::len).sum::<usize>());
    message.push_str(url_path);
    for piece in &pieces {
        message.push_str(piece);
    }
    message
}

/// `_aop_signature`: uppercase hex HMAC-SHA1 of [`aop_string_to_sign`], keyed
/// with the app secret's UTF-8 bytes.
pub fn aop_signature<I>(url_path: &str, params: I, secret: &[u8]) -> String
where
    I: IntoIterator,
    I::Item: Param,
{
    hmac_upper_hex::<Hmac<Sha1>>(secret, aop_string_to_sign(url_path, params).as_bytes())
}

// ---------------------------------------------------------------- TOP ---

/// The three TOP `sign_method`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TopSignMethod {
    /// `md5`: MD5 of `secret + k1v1k2v2… + secret`.
    Md5,
    /// `hmac`: HMAC-MD5 of `k1v1k2v2…`, the secret as key.
    HmacMd5,
    /// `hmac-sha256`: HMAC-SHA256 of `k1v1k2v2…`, the secret as key.
    HmacSha256,
}

impl TopSignMethod {
    /// The `sign_method` value the gateway expects.
    pub fn as_param(self) -> &'static str {
        match self {
            TopSignMethod::Md5 => "md5",
            TopSignMethod::HmacMd5 => "hmac",
            TopSignMethod::HmacSha256 => "hmac-sha256",
        }
    }

    /// Whether the secret is part of the signed string itself (only `md5`).
    pub fn wraps_secret(self) -> bool {
        matches!(self, TopSignMethod::Md5)
    }
}

impl fmt::Display for TopSignMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_param())
    }
}

/// A `sign_method` this crate does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSignMethod(pub String);

impl fmt::Display for UnknownSignMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown TOP sign_method `{}` (expected md5, hmac or hmac-sha256)", self.0)
    }
}

impl std::error::Error for UnknownSignMethod {}

impl FromStr for TopSignMethod {
    type Err = UnknownSignMethod;

    /// Parses the `sign_method` values (`md5`, `hmac`, `hmac-sha256`), also
    /// accepting `hmac-md5` and any ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md5" => Ok(TopSignMethod::Md5),
            "hmac" | "hmac-md5" | "hmac_md5" => Ok(TopSignMethod::HmacMd5),
            "hmac-sha256" | "hmac_sha256" => Ok(TopSignMethod::HmacSha256),
            _ => Err(UnknownSignMethod(s.to_string())),
        }
    }
}

/// Whether a value counts as blank the way the official Java SDK sees it
/// (`Character.isWhitespace`): blank values are neither signed nor sent.
pub fn is_blank(value: &str) -> bool {
    value.chars().all(|c| {
        // Java excludes the no-break spaces and NEL but includes U+001C..U+001F.
        (c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{0085}'))
            || matches!(c, '\u{1C}'..='\u{1F}')
    })
}

/// Whether a TOP parameter is sent at all: blank keys and values are dropped.
/// (`sign` itself is sent but never signed.)
pub fn top_is_sent(key: &str, value: &str) -> bool {
    !is_blank(key) && !is_blank(value)
}

/// The `k1v1k2v2…` body TOP signs: keys in byte order, `sign` and blank
/// values left out. For `md5` the secret is wrapped around it; see
/// [`top_string_to_sign_masked`].
pub fn top_string_to_sign<I>(params: I) -> String
where
    I: IntoIterator,
    I::Item: Param,
{
    let mut kept: Vec<I::Item> =
        params.into_iter().filter(|p| p.key() != TOP_SIGN_PARAM && top_is_sent(p.key(), p.value())).collect();
    // Ties (a repeated key) are broken by value so the result never depends
    // on insertion order.
    kept.sort_unstable_by(|a, b| a.key().cmp(b.key()).then_with(|| a.value().cmp(b.value())));
    let mut message = String::new();
    for p in &kept {
        message.push_str(p.key());
        message.push_str(p.value());
    }
    message
}

/// The exact string a method signs, with `mask` standing where the secret
/// goes (only `md5` puts it there). For `--explain` and error reports.
pub fn top_string_to_sign_masked<I>(method: TopSignMethod, params: I, mask: &str) -> String
where
    I: IntoIterator,
    I::Item: Param,
{
    let body = top_string_to_sign(params);
    if method.wraps_secret() {
        format!("{mask}{body}{mask}")
    } else {
        body
    }
}

/// The TOP `sign` value: uppercase hex of MD5 / HMAC-MD5 / HMAC-SHA256.
pub fn top_signature<I>(method: TopSignMethod, params: I, secret: &[u8]) -> String
where
    I: IntoIterator,
    I::Item: Param,
{
    let body = top_string_to_sign(params);
    match method {
        TopSignMethod::Md5 => {
            let mut md5 = Md5::new();
            md5.update(secret);
            md5.update(body.as_bytes());
            md5.update(secret);
            hex::encode_upper(md5.finalize())
        }
        TopSignMethod::HmacMd5 => hmac_upper_hex::<Hmac<Md5>>(secret, body.as_bytes()),
        TopSignMethod::HmacSha256 => hmac_upper_hex::<Hmac<Sha256>>(secret, body.as_bytes()),
    }
}

/// Compares two hex signatures without regard to case, in constant time for
/// equal lengths, so a verifier (the sandbox) does not leak how much matched.
pub fn signatures_match(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x.to_ascii_uppercase() ^ y.to_ascii_uppercase())) == 0
}

// ------------------------------------------------------------ explain ---

/// The four schemes `zhaohuo sign` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    Aop,
    Top(TopSignMethod),
}

impl Scheme {
    /// One line on how the scheme builds its signature.
    pub fn describe(self) -> &'static str {
        match self {
            Scheme::Aop => "aop: HMAC-SHA1 keyed with the secret over url path + sorted key+value strings, uppercase hex",
            Scheme::Top(TopSignMethod::Md5) => "top-md5: MD5 of secret + k1v1k2v2… + secret (keys byte-sorted, blank values and `sign` left out), uppercase hex",
            Scheme::Top(TopSignMethod::HmacMd5) => "top-hmac-md5: HMAC-MD5 keyed with the secret over k1v1k2v2… (keys byte-sorted, blank values and `sign` left out), uppercase hex",
            Scheme::Top(TopSignMethod::HmacSha256) => "top-hmac-sha256: HMAC-SHA256 keyed with the secret over k1v1k2v2… (keys byte-sorted, blank values and `sign` left out), uppercase hex",
        }
    }
}

/// A signature with everything needed to show a buyer why it came out so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub signature: String,
    /// The exact signed string, the secret (only `top-md5` embeds it) replaced by the mask.
    pub signed_string_masked: String,
    /// Keys that were signed, in signing order.
    pub signed_keys: Vec<String>,
    /// Keys left out, with why.
    pub skipped: Vec<(String, &'static str)>,
    /// The AOP url path actually signed, when it differs from the one given.
    pub normalized_path: Option<String>,
}

/// Turns what a buyer may paste (`https://gw.open.1688.com/openapi/param2/…`,
/// `/openapi/param2/…`) into the signed AOP path `param2/…`.
pub fn normalize_aop_path(input: &str) -> String {
    let mut path = input.trim();
    if let Some(rest) = path.strip_prefix("https://").or_else(|| path.strip_prefix("http://")) {
        path = rest.find('/').map_or("", |i| &rest[i..]);
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    path.strip_prefix("openapi/").unwrap_or(path).to_string()
}

/// Signs `params` with `scheme` and explains the result. `url_path` is needed
/// for AOP only.
pub fn explain<I>(scheme: Scheme, url_path: Option<&str>, params: I, secret: &[u8], mask: &str) -> Explained
where
    I: IntoIterator,
    I::Item: Param,
{
    let params: Vec<(String, String)> =
        params.into_iter().map(|p| (p.key().to_string(), p.value().to_string())).collect();
    match scheme {
        Scheme::Aop => {
            let given = url_path.unwrap_or("");
            let path = normalize_aop_path(given);
            let mut pieces: Vec<(String, String)> = params
                .iter()
                .filter(|(k, _)| k != AOP_SIGNATURE_PARAM)
                .map(|(k, v)| (format!("{k}{v}"), k.clone()))
                .collect();
            pieces.sort();
            let skipped = params
                .iter()
                .filter(|(k, _)| k == AOP_SIGNATURE_PARAM)
                .map(|(k, _)| (k.clone(), "the signature is never part of its own message"))
                .collect();
            Explained {
                signature: aop_signature(&path, &params, secret),
                signed_string_masked: aop_string_to_sign(&path, &params),
                signed_keys: pieces.into_iter().map(|(_, k)| k).collect(),
                skipped,
                normalized_path: (path != given).then_some(path),
            }
        }
        Scheme::Top(method) => {
            let mut kept: Vec<&(String, String)> =
                params.iter().filter(|(k, v)| k != TOP_SIGN_PARAM && top_is_sent(k, v)).collect();
            kept.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            let skipped = params
                .iter()
                .filter(|(k, v)| k == TOP_SIGN_PARAM || !top_is_sent(k, v))
                .map(|(k, _)| {
                    let why = if k == TOP_SIGN_PARAM {
                        "the signature is never part of its own message"
                    } else {
                        "blank values are neither signed nor sent"
                    };
                    (k.clone(), why)
                })
                .collect();
            Explained {
                signature: top_signature(method, &params, secret),
                signed_string_masked: top_string_to_sign_masked(method, &params, mask),
                signed_keys: kept.into_iter().map(|(k, _)| k.clone()).collect(),
                skipped,
                normalized_path: None,
            }
        }
    }
}

fn hmac_upper_hex<M: Mac + hmac::digest::KeyInit>(secret: &[u8], message: &[u8]) -> String {
    // HMAC takes keys of any length (long ones are hashed first), so this
    // constructor cannot fail.
    #[allow(clippy::expect_used)]
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(message);
    hex::encode_upper(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn aop_sorts_whole_strings_not_keys() {
        let params = [("keyword", "dress"), ("keywordTranslate", "false")];
        // By key `keyword` would come first; by whole string `keywordTranslatefalse` does.
        assert_eq!(aop_string_to_sign("p", params), "pkeywordTranslatefalsekeyworddress");
    }

    #[test]
    fn aop_signs_empty_values_and_skips_its_own_signature() {
        let params = vec![
            ("b".to_string(), String::new()),
            ("a".to_string(), "1".to_string()),
            ("_aop_signature".to_string(), "X".to_string()),
        ];
        assert_eq!(aop_string_to_sign("path/", &params), "path/a1b");
    }

    #[test]
    fn top_skips_sign_and_blank_values() {
        let mut params = BTreeMap::new();
        params.insert("b", "2");
        params.insert("a", "1");
        params.insert("sign", "ABC");
        params.insert("empty", "");
        params.insert("spaces", " \t\n");
        params.insert("nbsp", "\u{00A0}");
        assert_eq!(top_string_to_sign(&params), "a1b2nbsp\u{00A0}");
        assert_eq!(top_string_to_sign_masked(TopSignMethod::Md5, &params, "***"), "***a1b2nbsp\u{00A0}***");
        assert_eq!(top_string_to_sign_masked(TopSignMethod::HmacMd5, &params, "***"), "a1b2nbsp\u{00A0}");
    }

    #[test]
    fn top_keys_sort_by_bytes() {
        let params = [("a", "1"), ("B", "2"), ("_x", "3"), ("aa", "4")];
        assert_eq!(top_string_to_sign(params), "B2_x3a1aa4");
    }

    #[test]
    fn top_hmac_methods_match_rfc_vectors() {
        // RFC 2202 / RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let params = [("what", " do ya want for nothing?")];
        assert_eq!(top_signature(TopSignMethod::HmacMd5, params, b"Jefe"), "750C783E6AB0B503EAA86E310A5DB738");
        assert_eq!(
            top_signature(TopSignMethod::HmacSha256, params, b"Jefe"),
            "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843"
        );
    }

    #[test]
    fn top_md5_wraps_secret() {
        // MD5("abc") with an empty secret and body "abc".
        assert_eq!(top_signature(TopSignMethod::Md5, [("a", "bc")], b""), "900150983CD24FB0D6963F7D28E17F72");
    }

    #[test]
    fn aop_hmac_sha1_matches_rfc_vector() {
        // RFC 2202 test case 2 for HMAC-SHA1.
        assert_eq!(
            aop_signature("what", [(" do ya want ", "for nothing?")], b"Jefe"),
            "EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79"
        );
    }

    #[test]
    fn parses_sign_methods() {
        assert_eq!("md5".parse::<TopSignMethod>(), Ok(TopSignMethod::Md5));
        assert_eq!("hmac".parse::<TopSignMethod>(), Ok(TopSignMethod::HmacMd5));
        assert_eq!("HMAC-SHA256".parse::<TopSignMethod>(), Ok(TopSignMethod::HmacSha256));
        assert!("sha1".parse::<TopSignMethod>().is_err());
        for m in [TopSignMethod::Md5, TopSignMethod::HmacMd5, TopSignMethod::HmacSha256] {
            assert_eq!(m.as_param().parse::<TopSignMethod>(), Ok(m));
        }
    }

    #[test]
    fn explain_shows_masked_string_and_skips() {
        let params = [("b", "2"), ("a", "1"), ("empty", " "), ("sign", "X")];
        let e = explain(Scheme::Top(TopSignMethod::Md5), None, params, b"s3cret", "{SECRET}");
        assert_eq!(e.signed_string_masked, "{SECRET}a1b2{SECRET}");
        assert_eq!(e.signature, top_signature(TopSignMethod::Md5, params, b"s3cret"));
        assert_eq!(e.signed_keys, ["a", "b"]);
        assert_eq!(e.skipped.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["empty", "sign"]);
        assert!(!e.signed_string_masked.contains("s3cret"));

        let aop = explain(
            Scheme::Aop,
            Some("https://gw.open.1688.com/openapi/param2/1/ns/api/7?x=1"),
            [("k", "")],
            b"s",
            "*",
        );
        assert_eq!(aop.normalized_path.as_deref(), Some("param2/1/ns/api/7"));
        assert_eq!(aop.signed_string_masked, "param2/1/ns/api/7k");
        assert_eq!(aop.signature, aop_signature("param2/1/ns/api/7", [("k", "")], b"s"));
    }

    #[test]
    fn aop_paths_normalise() {
        assert_eq!(normalize_aop_path("/openapi/param2/1/a/b/1"), "param2/1/a/b/1");
        assert_eq!(normalize_aop_path("param2/1/a/b/1"), "param2/1/a/b/1");
        assert_eq!(normalize_aop_path("http://127.0.0.1:9/openapi/param2/1/a/b/1"), "param2/1/a/b/1");
    }

    #[test]
    fn signature_comparison_ignores_case_only() {
        assert!(signatures_match("ABCDEF", "abcdef"));
        assert!(!signatures_match("ABCDEF", "ABCDE0"));
        assert!(!signatures_match("ABCDEF", "ABCDE"));
    }
}
