//! Turning one provider item (any shape) into a [`zhaohuo_types::Offer`]:
//! prices to fen, MOQ to a number, similarity to 0–1. Missing stays `None`;
//! unknown fields are ignored.

use serde_json::Value;
use zhaohuo_types::{Offer, PriceRange, Shipping, Supplier};

use crate::profile::{FieldMap, SimilarityScale};

/// Looks up a dotted path (`priceInfo.price`); numeric segments index arrays.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = value;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        current = match current {
            Value::Object(map) => map.get(segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match current {
        Value::Null => None,
        other => Some(other),
    }
}

/// The first path that holds a non-null value.
pub fn first<'a>(value: &'a Value, paths: &[String]) -> Option<&'a Value> {
    paths.iter().find_map(|p| lookup(value, p))
}

/// A scalar as text (numbers and booleans too); blank strings are `None`.
pub fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text_at(value: &Value, paths: &[String]) -> Option<String> {
    paths.iter().find_map(|p| lookup(value, p).and_then(as_text))
}

/// Parses one decimal yuan amount ("29.90", "¥29.9", "29.90元", "1,299.00") to fen,
/// rounding half up past two decimals. Negative or non-numeric is `None`.
pub fn yuan_to_fen(text: &str) -> Option<u64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_start_matches("CNY")
        .trim_start_matches("RMB")
        .trim_end_matches('元')
        .trim()
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let digit = |i: usize| frac.as_bytes().get(i).map_or(0, |b| u64::from(b - b'0'));
    let mut fen = whole.checked_mul(100)?.checked_add(digit(0) * 10 + digit(1))?;
    if digit(2) >= 5 {
        fen = fen.checked_add(1)?;
    }
    Some(fen)
}

/// A price in any shape: "29.90", "10.00-15.00" (also `~`, `–`), a JSON number in yuan.
pub fn parse_price(value: &Value) -> Option<PriceRange> {
    let text = as_text(value)?;
    for sep in ['-', '~', '–', '—'] {
        if let Some((lo, hi)) = text.split_once(sep) {
            let (a, b) = (yuan_to_fen(lo)?, yuan_to_fen(hi)?);
            return Some(PriceRange { min_fen: a.min(b), max_fen: a.max(b) });
        }
    }
    let fen = yuan_to_fen(&text)?;
    Some(PriceRange { min_fen: fen, max_fen: fen })
}

/// A price given as integer fen (number or numeric string).
pub fn parse_price_fen(value: &Value) -> Option<PriceRange> {
    let fen = match value {
        Value::Number(n) => {
            n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0 && f.is_finite()).map(|f| f.round() as u64))
        }
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }?;
    Some(PriceRange { min_fen: fen, max_fen: fen })
}

/// MOQ from 2, "2", "10+", "≥10", "10件", 2.0.
pub fn parse_moq(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0 && f.is_finite()).map(|f| f.ceil() as u64))
            .and_then(|v| u32::try_from(v).ok()),
        Value::String(s) => {
            let digits: String =
                s.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
            digits.parse().ok()
        }
        _ => None,
    }
}

/// A number in a JSON number or string, with an optional `%` that divides by 100.
fn parse_fraction_like(value: &Value) -> Option<(f64, bool)> {
    match value {
        Value::Number(n) => n.as_f64().map(|f| (f, false)),
        Value::String(s) => {
            let t = s.trim();
            match t.strip_suffix('%') {
                Some(p) => p.trim().parse::<f64>().ok().map(|f| (f / 100.0, true)),
                None => t.parse::<f64>().ok().map(|f| (f, false)),
            }
        }
        _ => None,
    }
    .filter(|(f, _)| f.is_finite() && *f >= 0.0)
}

/// Similarity on 0.0–1.0 from the profile's scale.
pub fn parse_similarity(value: &Value, scale: SimilarityScale) -> Option<f32> {
    let (v, was_percent) = parse_fraction_like(value)?;
    let unit = if was_percent {
        v
    } else {
        match scale {
            SimilarityScale::None => return None,
            SimilarityScale::Percent => v / 100.0,
            // A "unit" provider sending 92 is still a percentage.
            SimilarityScale::Unit | SimilarityScale::Auto => {
                if v > 1.0 {
                    v / 100.0
                } else {
                    v
                }
            }
        }
    };
    (unit <= 1.0).then_some(unit as f32)
}

/// A rate as 0.0–1.0 from "35%", 0.35 or 35.
pub fn parse_rate(value: &Value) -> Option<f32> {
    let (v, was_percent) = parse_fraction_like(value)?;
    let unit = if !was_percent && v > 1.0 { v / 100.0 } else { v };
    (unit <= 1.0).then_some(unit as f32)
}

/// A yes/no in any of the shapes providers use.
pub fn parse_flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" | "是" => Some(true),
            "false" | "0" | "no" | "n" | "否" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn parse_count(value: &Value) -> Option<u32> {
    match value {
        Value::Number(n) => n.as_u64().and_then(|v| u32::try_from(v).ok()),
        Value::String(_) => parse_moq(value),
        _ => None,
    }
}

fn parse_shipping(item: &Value, fields: &FieldMap) -> Option<Shipping> {
    if let Some(freight) = first(item, &fields.freight) {
        match freight {
            Value::Bool(true) => return Some(Shipping::Free),
            Value::Bool(false) => return Some(Shipping::Paid),
            other => {
                if let Some(text) = as_text(other) {
                    let lower = text.to_ascii_lowercase();
                    if lower == "free" || text.contains("包邮") && !text.contains("不包邮") {
                        return Some(Shipping::Free);
                    }
                    if lower == "paid" || text.contains("不包邮") {
                        return Some(Shipping::Paid);
                    }
                }
            }
        }
    }
    let fee = first(item, &fields.shipping_fee).and_then(as_text).and_then(|t| yuan_to_fen(&t))?;
    Some(if fee == 0 { Shipping::Free } else { Shipping::Fee { fen: fee } })
}

fn parse_badges(item: &Value, fields: &FieldMap) -> Vec<String> {
    match first(item, &fields.supplier_badges) {
        Some(Value::Array(list)) => list.iter().filter_map(as_text).collect(),
        Some(other) => as_text(other)
            .map(|t| t.split([',', '，', ';']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

/// Normalises one item; `None` when it has no usable offer id.
pub fn normalize_item(
    item: &Value,
    profile_id: &str,
    fields: &FieldMap,
    scale: SimilarityScale,
    rank: u32,
) -> Option<Offer> {
    let offer_id = text_at(item, &fields.offer_id)?;
    let price = first(item, &fields.price)
        .and_then(parse_price)
        .or_else(|| first(item, &fields.price_range).and_then(parse_price))
        .or_else(|| first(item, &fields.price_fen).and_then(parse_price_fen));
    let detail_url =
        text_at(item, &fields.detail_url).unwrap_or_else(|| format!("https://detail.1688.com/offer/{offer_id}.html"));
    Some(Offer {
        profile: profile_id.to_string(),
        title: text_at(item, &fields.title).unwrap_or_default(),
        title_translated: text_at(item, &fields.title_translated),
        image_url: text_at(item, &fields.image_url),
        detail_url,
        price,
        moq: first(item, &fields.moq).and_then(parse_moq),
        unit: text_at(item, &fields.unit),
        supplier: Supplier {
            id: text_at(item, &fields.supplier_id),
            name: text_at(item, &fields.supplier_name).unwrap_or_default(),
            city: text_at(item, &fields.supplier_city),
            badges: parse_badges(item, fields),
            credit_level: text_at(item, &fields.credit_level),
        },
        shipping: parse_shipping(item, fields),
        similarity: first(item, &fields.similarity).and_then(|v| parse_similarity(v, scale)),
        rank,
        month_sold: first(item, &fields.month_sold).and_then(parse_count),
        supply_type: text_at(item, &fields.supply_type),
        offer_id,
        dropship: first(item, &fields.dropship).and_then(parse_flag),
        repurchase_rate: first(item, &fields.repurchase_rate).and_then(parse_rate),
        raw: item.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn range(a: u64, b: u64) -> Option<PriceRange> {
        Some(PriceRange { min_fen: a, max_fen: b })
    }

    #[test]
    fn prices_in_every_shape() {
        assert_eq!(parse_price(&json!("29.90")), range(2990, 2990));
        assert_eq!(parse_price(&json!("10.00-15.00")), range(1000, 1500));
        assert_eq!(parse_price(&json!("15~10")), range(1000, 1500));
        assert_eq!(parse_price(&json!(29.9)), range(2990, 2990));
        assert_eq!(parse_price(&json!(12)), range(1200, 1200));
        assert_eq!(parse_price(&json!("¥0.015")), range(2, 2));
        assert_eq!(parse_price(&json!("1,299.5元")), range(129950, 129950));
        assert_eq!(parse_price_fen(&json!(2990)), range(2990, 2990));
        assert_eq!(parse_price(&json!("")), None);
        assert_eq!(parse_price(&json!("面议")), None);
        assert_eq!(parse_price(&json!("-3")), None);
        assert_eq!(parse_price(&json!(null)), None);
    }

    #[test]
    fn moq_in_every_shape() {
        assert_eq!(parse_moq(&json!(2)), Some(2));
        assert_eq!(parse_moq(&json!("2")), Some(2));
        assert_eq!(parse_moq(&json!("10+")), Some(10));
        assert_eq!(parse_moq(&json!("≥10件")), Some(10));
        assert_eq!(parse_moq(&json!(2.0)), Some(2));
        assert_eq!(parse_moq(&json!("")), None);
        assert_eq!(parse_moq(&json!(-1)), None);
    }

    #[test]
    fn similarity_scales() {
        assert_eq!(parse_similarity(&json!(0.92), SimilarityScale::Unit), Some(0.92));
        assert_eq!(parse_similarity(&json!(92), SimilarityScale::Percent), Some(0.92));
        assert_eq!(parse_similarity(&json!(0.5), SimilarityScale::Percent), Some(0.005));
        assert_eq!(parse_similarity(&json!(92), SimilarityScale::Auto), Some(0.92));
        assert_eq!(parse_similarity(&json!("88.5%"), SimilarityScale::Unit), Some(0.885));
        assert_eq!(parse_similarity(&json!(0.9), SimilarityScale::None), None);
        assert_eq!(parse_similarity(&json!(150), SimilarityScale::Percent), None);
        assert_eq!(parse_similarity(&json!("n/a"), SimilarityScale::Auto), None);
    }

    #[test]
    fn missing_fields_stay_none_and_unknown_are_ignored() {
        let fields = FieldMap {
            offer_id: vec!["id".into()],
            price: vec!["price".into()],
            moq: vec!["moq".into()],
            similarity: vec!["sim".into()],
            ..FieldMap::default()
        };
        let item = json!({"id": 123, "whatever": {"x": 1}});
        let n = normalize_item(&item, "p", &fields, SimilarityScale::Unit, 4).expect("has id");
        assert_eq!(n.offer_id, "123");
        assert_eq!(n.price, None);
        assert_eq!(n.moq, None);
        assert_eq!(n.similarity, None);
        assert_eq!(n.rank, 4);
        assert_eq!(n.detail_url, "https://detail.1688.com/offer/123.html");
        assert!(normalize_item(&json!({"title": "no id"}), "p", &fields, SimilarityScale::Unit, 1).is_none());
    }
}
