//! Properties of normalisation and parsing: no input makes them panic, and
//! prices survive a round trip through the yuan text providers send.

use proptest::prelude::*;
use serde_json::{json, Value};
use zhaohuo_providers::normalize::{parse_moq, parse_price, parse_similarity, yuan_to_fen};
use zhaohuo_providers::parse::{parse_search, HttpReply, Redactor};
use zhaohuo_providers::request::fen_to_yuan;
use zhaohuo_providers::{builtin_profiles, SimilarityScale};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::hash_map(
                prop_oneof![
                    Just("offerId".to_string()),
                    Just("price".to_string()),
                    Just("result".to_string()),
                    Just("items".to_string()),
                    Just("item".to_string()),
                    Just("code".to_string()),
                    "[a-z_]{1,8}".prop_map(String::from)
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fen_round_trips_through_yuan_text(fen in 0u64..10_000_000_000) {
        prop_assert_eq!(yuan_to_fen(&fen_to_yuan(fen)), Some(fen));
        let range = parse_price(&json!(format!("{}-{}", fen_to_yuan(fen), fen_to_yuan(fen + 5)))).expect("range");
        prop_assert_eq!((range.min_fen, range.max_fen), (fen, fen + 5));
    }

    #[test]
    fn scalar_parsers_never_panic(text in "\\PC{0,20}", n in any::<f64>()) {
        let _ = parse_price(&json!(text));
        let _ = parse_moq(&json!(text));
        let _ = yuan_to_fen(&text);
        if n.is_finite() {
            let _ = parse_price(&json!(n));
            let _ = parse_moq(&json!(n));
            for scale in [SimilarityScale::Unit, SimilarityScale::Percent, SimilarityScale::Auto, SimilarityScale::None] {
                if let Some(s) = parse_similarity(&json!(n), scale) {
                    prop_assert!((0.0..=1.0).contains(&s));
                }
            }
        }
    }

    #[test]
    fn search_parser_never_panics(body in arb_json(), status in prop::sample::select(vec![200u16, 400, 401, 403, 429, 500, 502])) {
        let text = body.to_string();
        for profile in builtin_profiles() {
            let _ = parse_search(&profile, &HttpReply::json(status, &text), 0, &Redactor::default());
        }
    }

    #[test]
    fn search_parser_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        for profile in builtin_profiles() {
            let reply = HttpReply { status: 200, content_type: None, retry_after: None, body: bytes.clone() };
            let _ = parse_search(&profile, &reply, 0, &Redactor::default());
        }
    }
}
