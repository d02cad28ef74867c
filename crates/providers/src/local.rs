//! Filters and sorts applied on our side, for what a provider cannot do
//! (and as a safety net for what it claims to do). An offer is dropped only
//! when it is *known* to miss a filter: unknown MOQ or price stays in.

use std::collections::HashSet;

use zhaohuo_types::Offer;

use crate::query::{SearchFilters, SortKey, SupplyWeights};

/// Drops offers whose id was already seen (in this page or an earlier one).
pub fn dedupe(offers: &mut Vec<Offer>, seen: &mut HashSet<String>) {
    offers.retain(|o| seen.insert(o.offer_id.clone()));
}

/// Whether an offer passes the buyer's filters.
pub fn passes(offer: &Offer, filters: &SearchFilters) -> bool {
    let o = offer;
    if let Some(price) = o.price {
        if filters.price_min_fen.is_some_and(|min| price.max_fen < min) {
            return false;
        }
        if filters.price_max_fen.is_some_and(|max| price.min_fen > max) {
            return false;
        }
    }
    if let (Some(moq), Some(max)) = (o.moq, filters.moq_max) {
        if moq > max {
            return false;
        }
    }
    if filters.free_shipping
        && matches!(o.shipping, Some(zhaohuo_types::Shipping::Paid) | Some(zhaohuo_types::Shipping::Fee { .. }))
    {
        return false;
    }
    if filters.dropship_only && offer.dropship == Some(false) {
        return false;
    }
    if let (Some(sim), Some(min)) = (o.similarity, filters.min_similarity) {
        if sim < min {
            return false;
        }
    }
    if filters.factory_only && !o.supplier.badges.is_empty() && !o.supplier.badges.iter().any(|b| is_factory_badge(b)) {
        return false;
    }
    true
}

fn is_factory_badge(badge: &str) -> bool {
    let lower = badge.to_ascii_lowercase();
    lower.contains("factory") || badge.contains("工厂") || badge.contains("源头") || badge.contains("实力")
}

/// Keeps the offers that pass; returns how many were dropped.
pub fn apply_filters(offers: &mut Vec<Offer>, filters: &SearchFilters) -> u32 {
    let before = offers.len();
    offers.retain(|o| passes(o, filters));
    u32::try_from(before - offers.len()).unwrap_or(u32::MAX)
}

/// The supply-chain score (0–1): weighted similarity (rank when the provider
/// gives none), low MOQ relative to the page's largest, and in-stock supply.
pub fn supply_chain_score(offer: &Offer, max_moq: u32, max_rank: u32, w: &SupplyWeights) -> f32 {
    let o = offer;
    let similarity = o.similarity.unwrap_or_else(|| {
        if max_rank <= 1 {
            1.0
        } else {
            1.0 - (o.rank.saturating_sub(1)) as f32 / max_rank as f32
        }
    });
    // Unknown MOQ scores as the worst known one.
    let moq_score = match (o.moq, max_moq) {
        (Some(m), max) if max > 0 => 1.0 - (m as f32 / max as f32).min(1.0),
        (Some(_), _) => 1.0,
        (None, _) => 0.0,
    };
    let stock = match o.supply_type.as_deref() {
        Some(t) if t.contains("现货") || t.eq_ignore_ascii_case("in stock") || t.eq_ignore_ascii_case("spot") => 1.0,
        Some(t) if t.contains("定制") || t.eq_ignore_ascii_case("custom") => 0.5,
        _ => 0.25,
    };
    w.similarity * similarity + w.low_moq * moq_score + w.in_stock * stock
}

/// Sorts in place, stable, missing values last.
pub fn sort_offers(offers: &mut Vec<Offer>, sort: SortKey, weights: &SupplyWeights) {
    use std::cmp::Ordering;
    fn missing_last<T: PartialOrd>(a: Option<T>, b: Option<T>, rev: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => {
                let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
                if rev {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    match sort {
        SortKey::Relevance => {
            offers.sort_by(|a, b| missing_last(a.similarity, b.similarity, true).then(a.rank.cmp(&b.rank)))
        }
        SortKey::PriceAsc => {
            offers.sort_by(|a, b| missing_last(a.price.map(|p| p.min_fen), b.price.map(|p| p.min_fen), false))
        }
        SortKey::PriceDesc => {
            offers.sort_by(|a, b| missing_last(a.price.map(|p| p.min_fen), b.price.map(|p| p.min_fen), true))
        }
        SortKey::Sales => offers.sort_by(|a, b| missing_last(a.month_sold, b.month_sold, true)),
        SortKey::Moq => offers.sort_by(|a, b| missing_last(a.moq, b.moq, false)),
        SortKey::SupplyChain => {
            let max_moq = offers.iter().filter_map(|o| o.moq).max().unwrap_or(0);
            let max_rank = offers.iter().map(|o| o.rank).max().unwrap_or(0);
            // Weights are validated before a search; a NaN score still sorts last rather than
            // breaking the sort's order (total_cmp puts NaN above every number).
            let scores: Vec<f32> = offers
                .iter()
                .map(|o| supply_chain_score(o, max_moq, max_rank, weights))
                .map(|s| if s.is_nan() { f32::NEG_INFINITY } else { s })
                .collect();
            let mut order: Vec<usize> = (0..offers.len()).collect();
            order.sort_by(|&a, &b| {
                scores[b].total_cmp(&scores[a]).then(missing_last(offers[a].similarity, offers[b].similarity, true))
            });
            // Reorder by moving, not cloning (items carry their raw JSON).
            let mut slots: Vec<Option<Offer>> = std::mem::take(offers).into_iter().map(Some).collect();
            *offers = order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhaohuo_types::{PriceRange, Supplier};

    fn offer(
        id: &str,
        price: Option<u64>,
        moq: Option<u32>,
        sim: Option<f32>,
        supply: Option<&str>,
        rank: u32,
    ) -> Offer {
        Offer {
            profile: "p".into(),
            offer_id: id.into(),
            title: id.into(),
            title_translated: None,
            image_url: None,
            detail_url: String::new(),
            price: price.map(|f| PriceRange { min_fen: f, max_fen: f }),
            moq,
            unit: None,
            supplier: Supplier::default(),
            shipping: None,
            similarity: sim,
            rank,
            month_sold: None,
            supply_type: supply.map(String::from),
            dropship: None,
            repurchase_rate: None,
            raw: serde_json::Value::Null,
        }
    }

    fn ids(offers: &[Offer]) -> Vec<&str> {
        offers.iter().map(|o| o.offer_id.as_str()).collect()
    }

    #[test]
    fn filters_drop_only_known_misses() {
        let mut offers = vec![
            offer("cheap", Some(500), Some(2), None, None, 1),
            offer("dear", Some(5000), Some(2), None, None, 2),
            offer("bulk", Some(800), Some(500), None, None, 3),
            offer("unknown", None, None, None, None, 4),
        ];
        let filters = SearchFilters { price_max_fen: Some(1000), moq_max: Some(100), ..Default::default() };
        assert_eq!(apply_filters(&mut offers, &filters), 2);
        assert_eq!(ids(&offers), ["cheap", "unknown"]);
    }

    #[test]
    fn dedupe_spans_pages() {
        let mut seen = HashSet::new();
        let mut a = vec![
            offer("1", None, None, None, None, 1),
            offer("2", None, None, None, None, 2),
            offer("1", None, None, None, None, 3),
        ];
        dedupe(&mut a, &mut seen);
        assert_eq!(ids(&a), ["1", "2"]);
        let mut b = vec![offer("2", None, None, None, None, 4), offer("3", None, None, None, None, 5)];
        dedupe(&mut b, &mut seen);
        assert_eq!(ids(&b), ["3"]);
    }

    #[test]
    fn sorts_with_missing_last() {
        let mut offers = vec![
            offer("none", None, None, None, None, 1),
            offer("b", Some(200), None, None, None, 2),
            offer("a", Some(100), None, None, None, 3),
        ];
        sort_offers(&mut offers, SortKey::PriceAsc, &SupplyWeights::default());
        assert_eq!(ids(&offers), ["a", "b", "none"]);
        sort_offers(&mut offers, SortKey::PriceDesc, &SupplyWeights::default());
        assert_eq!(ids(&offers), ["b", "a", "none"]);
    }

    #[test]
    fn supply_chain_prefers_similar_low_moq_in_stock() {
        let mut offers = vec![
            offer("custom-bulk", None, Some(1000), Some(0.95), Some("定制"), 1),
            offer("stock-small", None, Some(2), Some(0.85), Some("现货"), 2),
            offer("weak", None, Some(2), Some(0.2), Some("现货"), 3),
        ];
        sort_offers(&mut offers, SortKey::SupplyChain, &SupplyWeights::default());
        assert_eq!(ids(&offers), ["stock-small", "weak", "custom-bulk"]);
        // All weight on similarity: pure similarity order.
        let w = SupplyWeights { similarity: 1.0, low_moq: 0.0, in_stock: 0.0 };
        sort_offers(&mut offers, SortKey::SupplyChain, &w);
        assert_eq!(ids(&offers), ["custom-bulk", "stock-small", "weak"]);
    }

    #[test]
    fn nan_scores_sort_last_instead_of_scrambling_the_order() {
        // An infinite weight times a zero similarity is NaN; the other offers score +inf.
        let w = SupplyWeights { similarity: f32::INFINITY, low_moq: 0.0, in_stock: 0.0 };
        let mut offers: Vec<Offer> = (0..64u32)
            .map(|i| {
                let sim = if i % 3 == 0 { 0.0 } else { 0.5 };
                offer(&format!("{i}"), None, Some(1), Some(sim), None, i + 1)
            })
            .collect();
        sort_offers(&mut offers, SortKey::SupplyChain, &w);
        assert_eq!(offers.len(), 64);
        let first_zero = offers.iter().position(|o| o.similarity == Some(0.0)).expect("some offer has similarity 0");
        assert!(offers[first_zero..].iter().all(|o| o.similarity == Some(0.0)), "NaN scores last: {:?}", ids(&offers));
    }
}
