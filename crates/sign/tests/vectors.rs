//! Every vector in the shared signing sample, plus properties the rules imply.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proptest::prelude::*;
use zhaohuo_sign::{aop_signature, top_signature, TopSignMethod};

#[derive(serde::Deserialize)]
struct Vector {
    family: String,
    case: String,
    secret: String,
    url_path: Option<String>,
    params: BTreeMap<String, String>,
    expected_sign: String,
}

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/signing-sample.json")
}

/// Schemes the shared sample holds, and how many vectors of each it must
/// keep (the HMAC TOP schemes are not in it; the unit tests cover them with
/// RFC vectors).
const SAMPLE_SCHEMES: [(&str, usize); 2] = [("aop_hmac_sha1", 5), ("top_md5", 5)];

#[test]
fn reproduces_every_shared_vector() {
    let path = sample_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let vectors: Vec<Vector> = serde_json::from_str(&text).expect("sample parses");
    let mut reproduced: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &vectors {
        let got = match v.family.as_str() {
            "aop_hmac_sha1" => {
                let url_path = v.url_path.as_deref().expect("AOP vectors carry a url_path");
                aop_signature(url_path, &v.params, v.secret.as_bytes())
            }
            family => {
                let method = match family {
                    "top_md5" => TopSignMethod::Md5,
                    "top_hmac" | "top_hmac_md5" => TopSignMethod::HmacMd5,
                    "top_hmac_sha256" => TopSignMethod::HmacSha256,
                    other => panic!("unknown family {other} in case {}", v.case),
                };
                top_signature(method, &v.params, v.secret.as_bytes())
            }
        };
        assert_eq!(got, v.expected_sign, "{} / {} with a {}-byte secret", v.family, v.case, v.secret.len());
        *reproduced.entry(v.family.as_str()).or_default() += 1;
    }
    for (scheme, min) in SAMPLE_SCHEMES {
        let n = reproduced.get(scheme).copied().unwrap_or(0);
        assert!(n >= min, "{scheme}: {n} vectors reproduced, the sample should hold at least {min}");
    }
    let known: Vec<&str> = SAMPLE_SCHEMES.iter().map(|(s, _)| *s).collect();
    assert!(reproduced.keys().all(|s| known.contains(s)), "a scheme without a minimum: {reproduced:?}");
}

fn params_strategy() -> impl Strategy<Value = Vec<(String, String)>> {
    // Distinct keys (TOP keys are unique per request); values may be anything,
    // including empty and Chinese text.
    prop::collection::btree_map("[a-zA-Z_][a-zA-Z0-9_]{0,8}", "\\PC{0,12}", 1..8)
        .prop_map(|m| m.into_iter().filter(|(k, _)| k != "sign" && k != "_aop_signature").collect::<Vec<_>>())
        .prop_filter("need one param", |v| !v.is_empty())
}

const METHODS: [TopSignMethod; 3] = [TopSignMethod::Md5, TopSignMethod::HmacMd5, TopSignMethod::HmacSha256];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn signatures_ignore_insertion_order(params in params_strategy(), seed in any::<u64>(), secret in "[ -~]{1,40}") {
        let mut shuffled = params.clone();
        // Deterministic shuffle from the seed.
        let n = shuffled.len();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (s >> 33) as usize % (i + 1);
            shuffled.swap(i, j);
        }
        prop_assert_eq!(aop_signature("param2/1/ns/api/1", &params, secret.as_bytes()),
                        aop_signature("param2/1/ns/api/1", &shuffled, secret.as_bytes()));
        for m in METHODS {
            prop_assert_eq!(top_signature(m, &params, secret.as_bytes()), top_signature(m, &shuffled, secret.as_bytes()));
        }
    }

    #[test]
    fn changing_a_value_changes_the_signature(params in params_strategy(), idx in any::<prop::sample::Index>(), extra in "[a-z0-9]{1,4}", secret in "[ -~]{1,40}") {
        let i = idx.index(params.len());
        let mut changed = params.clone();
        changed[i].1.push_str(&extra);
        prop_assert_ne!(aop_signature("p", &params, secret.as_bytes()), aop_signature("p", &changed, secret.as_bytes()));
        for m in METHODS {
            prop_assert_ne!(top_signature(m, &params, secret.as_bytes()), top_signature(m, &changed, secret.as_bytes()));
        }
    }

    #[test]
    fn changing_a_key_changes_the_signature(params in params_strategy(), idx in any::<prop::sample::Index>(), extra in "[0-9]{1,3}", secret in "[ -~]{1,40}") {
        let i = idx.index(params.len());
        // Make the value non-blank so TOP signs it, then rename its key to one no other param uses.
        let mut base = params.clone();
        base[i].1 = format!("v{}", base[i].1);
        let mut changed = base.clone();
        changed[i].0 = format!("{}~{}", changed[i].0, extra);
        prop_assert_ne!(aop_signature("p", &base, secret.as_bytes()), aop_signature("p", &changed, secret.as_bytes()));
        for m in METHODS {
            prop_assert_ne!(top_signature(m, &base, secret.as_bytes()), top_signature(m, &changed, secret.as_bytes()));
        }
    }

    #[test]
    fn changing_path_or_secret_changes_the_signature(params in params_strategy(), path in "[a-z/0-9.]{1,30}", secret in "[ -~]{1,40}", extra in "[ -~]{1,3}") {
        let other_path = format!("{path}{extra}");
        let other_secret = format!("{secret}{extra}");
        prop_assert_ne!(aop_signature(&path, &params, secret.as_bytes()), aop_signature(&other_path, &params, secret.as_bytes()));
        prop_assert_ne!(aop_signature(&path, &params, secret.as_bytes()), aop_signature(&path, &params, other_secret.as_bytes()));
        for m in METHODS {
            prop_assert_ne!(top_signature(m, &params, secret.as_bytes()), top_signature(m, &params, other_secret.as_bytes()));
        }
    }
}
