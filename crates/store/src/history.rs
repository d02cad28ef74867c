//! Blocking SQL for searches, offers and suppliers. Called on the store's
//! worker thread only (see [`crate::Store`]).

use base64::Engine as _;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use zhaohuo_types::{CropBox, Offer, PriceRange, Supplier};

use crate::model::{NewSearch, SearchDetail, SearchId, SearchOutcome, SearchSummary, SeenBefore};
use crate::StoreError;

pub(crate) fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) fn to_u32(v: Option<i64>) -> Option<u32> {
    v.and_then(|v| u32::try_from(v).ok())
}

pub(crate) fn price_from(min: Option<i64>, max: Option<i64>) -> Option<PriceRange> {
    match (min, max) {
        (Some(min), Some(max)) => {
            Some(PriceRange { min_fen: u64::try_from(min).unwrap_or(0), max_fen: u64::try_from(max).unwrap_or(0) })
        }
        _ => None,
    }
}

/// A stable key for a supplier within a profile: its id, else its name.
pub(crate) fn supplier_key(id: Option<&str>, name: &str) -> Option<String> {
    match id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => Some(format!("id:{id}")),
        None if !name.trim().is_empty() => Some(format!("name:{}", name.trim())),
        None => None,
    }
}

fn data_url(bytes: &[u8]) -> String {
    let mime = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else if bytes.starts_with(b"GIF8") {
        "image/gif"
    } else {
        "application/octet-stream"
    };
    format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn validate(search: &NewSearch) -> Result<(), StoreError> {
    if search.profile.trim().is_empty() {
        return Err(StoreError::Invalid("a search needs a profile".into()));
    }
    let sha = &search.photo_sha256;
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Invalid("photo_sha256 must be 64 hex digits".into()));
    }
    Ok(())
}

/// Records a search and its offers in the caller's transaction.
pub(crate) fn record_search(
    tx: &Transaction<'_>,
    search: &NewSearch,
    offers: &[Offer],
) -> Result<SearchId, StoreError> {
    validate(search)?;
    let now = search.created_at_ms;
    let sha = search.photo_sha256.to_ascii_lowercase();
    let photo_id: i64 = match tx
        .prepare_cached("SELECT id FROM photos WHERE sha256 = ?1")?
        .query_row([&sha], |r| r.get(0))
        .optional()?
    {
        Some(id) => {
            if let Some(thumb) = &search.thumbnail {
                tx.prepare_cached("UPDATE photos SET thumbnail = ?2 WHERE id = ?1 AND thumbnail IS NULL")?
                    .execute(params![id, thumb])?;
            }
            id
        }
        None => tx
            .prepare_cached("INSERT INTO photos (sha256, phash, thumbnail) VALUES (?1, ?2, ?3) RETURNING id")?
            .query_row(params![sha, search.phash as i64, search.thumbnail], |r| r.get(0))?,
    };
    let (outcome, error_kind) = match &search.outcome {
        SearchOutcome::Ok => ("ok", None),
        SearchOutcome::Error { kind } => ("error", Some(kind.as_str())),
    };
    let crop = search.crop.as_ref().map(serde_json::to_string).transpose().map_err(json_err)?;
    let search_id: i64 = tx
        .prepare_cached(
            "INSERT INTO searches (created_at, profile, mode, filters_json, sort, crop_json, photo_id,
                                   result_count, outcome, error_kind, request_ids_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
        )?
        .query_row(
            params![
                now,
                search.profile,
                search.mode,
                search.filters.to_string(),
                search.sort,
                crop,
                photo_id,
                search.result_count,
                outcome,
                error_kind,
                serde_json::to_string(&search.request_ids).map_err(json_err)?,
            ],
            |r| r.get(0),
        )?;

    insert_results(tx, search_id, &search.profile, now, offers, 0)?;
    Ok(SearchId(search_id))
}

/// Upserts the offers and their suppliers and links them to `search_id` at
/// positions from `first_position` on.
fn insert_results(
    tx: &Transaction<'_>,
    search_id: i64,
    default_profile: &str,
    now: i64,
    offers: &[Offer],
    first_position: i64,
) -> Result<(), StoreError> {
    let mut upsert_supplier = tx.prepare_cached(
        "INSERT INTO suppliers (profile, supplier_key, name, city, badges_json, credit_level, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (profile, supplier_key) DO UPDATE SET
            name = excluded.name, city = excluded.city, badges_json = excluded.badges_json,
            credit_level = excluded.credit_level, last_seen = excluded.last_seen
         WHERE excluded.last_seen >= suppliers.last_seen
         RETURNING id",
    )?;
    let mut find_supplier = tx.prepare_cached("SELECT id FROM suppliers WHERE profile = ?1 AND supplier_key = ?2")?;
    let mut upsert_offer = tx.prepare_cached(
        "INSERT INTO offers (profile, offer_id, supplier_id, title, title_translated, supplier_name,
                             first_seen, last_seen, price_min, price_max, moq, raw_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (profile, offer_id) DO UPDATE SET
            supplier_id = excluded.supplier_id, title = excluded.title,
            title_translated = excluded.title_translated, supplier_name = excluded.supplier_name,
            last_seen = excluded.last_seen, price_min = excluded.price_min,
            price_max = excluded.price_max, moq = excluded.moq, raw_json = excluded.raw_json
         WHERE excluded.last_seen >= offers.last_seen
         RETURNING id",
    )?;
    let mut find_offer = tx.prepare_cached("SELECT id FROM offers WHERE profile = ?1 AND offer_id = ?2")?;
    let mut insert_result = tx.prepare_cached(
        "INSERT INTO search_results (search_id, position, offer_id, rank, similarity, price_min, price_max, moq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;

    for (position, offer) in offers.iter().enumerate() {
        let profile = if offer.profile.is_empty() { default_profile } else { &offer.profile };
        let supplier = &offer.supplier;
        let supplier_id: Option<i64> = match supplier_key(supplier.id.as_deref(), &supplier.name) {
            Some(key) => {
                let badges = serde_json::to_string(&supplier.badges).map_err(json_err)?;
                let updated: Option<i64> = upsert_supplier
                    .query_row(
                        params![profile, key, supplier.name, supplier.city, badges, supplier.credit_level, now],
                        |r| r.get(0),
                    )
                    .optional()?;
                match updated {
                    Some(id) => Some(id),
                    None => Some(find_supplier.query_row(params![profile, key], |r| r.get(0))?),
                }
            }
            None => None,
        };
        let raw = serde_json::to_string(offer).map_err(json_err)?;
        let (pmin, pmax) = match offer.price {
            Some(p) => (Some(to_i64(p.min_fen)), Some(to_i64(p.max_fen))),
            None => (None, None),
        };
        let updated: Option<i64> = upsert_offer
            .query_row(
                params![
                    profile,
                    offer.offer_id,
                    supplier_id,
                    offer.title,
                    offer.title_translated,
                    supplier.name,
                    now,
                    pmin,
                    pmax,
                    offer.moq,
                    raw
                ],
                |r| r.get(0),
            )
            .optional()?;
        let offer_row: i64 = match updated {
            Some(id) => id,
            None => find_offer.query_row(params![profile, offer.offer_id], |r| r.get(0))?,
        };
        insert_result.execute(params![
            search_id,
            first_position + position as i64,
            offer_row,
            offer.rank,
            offer.similarity.map(f64::from),
            pmin,
            pmax,
            offer.moq
        ])?;
    }
    Ok(())
}

/// Adds a later page's offers to a recorded search, after the ones it has.
pub(crate) fn append_results(
    tx: &Transaction<'_>,
    search_id: SearchId,
    offers: &[Offer],
    request_ids: &[String],
    now: i64,
) -> Result<(), StoreError> {
    let (profile, ids_json): (String, Option<String>) = tx
        .prepare_cached("SELECT profile, request_ids_json FROM searches WHERE id = ?1")?
        .query_row([search_id.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::not_found(format!("search {}", search_id.0)))?;
    let next: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(position) + 1, 0) FROM search_results WHERE search_id = ?1")?
        .query_row([search_id.0], |r| r.get(0))?;
    insert_results(tx, search_id.0, &profile, now, offers, next)?;
    let mut ids: Vec<String> = ids_json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
    ids.extend(request_ids.iter().cloned());
    tx.prepare_cached(
        "UPDATE searches SET request_ids_json = ?2,
            result_count = MAX(result_count, (SELECT COUNT(*) FROM search_results WHERE search_id = ?1))
         WHERE id = ?1",
    )?
    .execute(params![search_id.0, serde_json::to_string(&ids).map_err(json_err)?])?;
    Ok(())
}

pub(crate) fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Invalid(format!("could not encode JSON: {e}"))
}

/// Columns [`summary_from_row`] reads, in order; `s` = searches, `p` = photos.
const SUMMARY_SELECT: &str = "SELECT s.id, s.created_at, s.profile, s.mode, s.filters_json, s.sort, s.crop_json,
        p.sha256, p.thumbnail, s.result_count, s.outcome, s.error_kind, s.request_ids_json,
        (SELECT o.title FROM search_results r JOIN offers o ON o.id = r.offer_id
          WHERE r.search_id = s.id ORDER BY r.position LIMIT 1),
        p.phash
    FROM searches s JOIN photos p ON p.id = s.photo_id";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<(SearchSummary, u64)> {
    let filters: String = row.get(4)?;
    let crop: Option<String> = row.get(6)?;
    let thumb: Option<Vec<u8>> = row.get(8)?;
    let outcome: String = row.get(10)?;
    let request_ids: String = row.get(12)?;
    let phash: i64 = row.get(14)?;
    let summary = SearchSummary {
        id: SearchId(row.get(0)?),
        created_at_ms: row.get(1)?,
        profile: row.get(2)?,
        mode: row.get(3)?,
        // Written by us from valid JSON; a damaged value degrades to null rather than failing the page.
        filters: serde_json::from_str(&filters).unwrap_or(serde_json::Value::Null),
        sort: row.get(5)?,
        crop: crop.and_then(|c| serde_json::from_str::<CropBox>(&c).ok()),
        photo_sha256: row.get(7)?,
        thumbnail_data_url: thumb.as_deref().map(data_url),
        result_count: row.get(9)?,
        outcome: if outcome == "ok" {
            SearchOutcome::Ok
        } else {
            SearchOutcome::Error { kind: row.get::<_, Option<String>>(11)?.unwrap_or_default() }
        },
        request_ids: serde_json::from_str(&request_ids).unwrap_or_default(),
        top_title: row.get(13)?,
    };
    Ok((summary, phash as u64))
}

pub(crate) fn list_history(conn: &Connection, page: u32, page_size: u32) -> Result<Vec<SearchSummary>, StoreError> {
    let size = i64::from(page_size.clamp(1, 500));
    let offset = i64::from(page) * size;
    let sql = format!("{SUMMARY_SELECT} ORDER BY s.created_at DESC, s.id DESC LIMIT ?1 OFFSET ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![size, offset], |r| summary_from_row(r).map(|(s, _)| s))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn count_searches(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn.query_row("SELECT count(*) FROM searches", [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub(crate) fn summaries_by_ids(conn: &Connection, ids: &[i64]) -> Result<Vec<SearchSummary>, StoreError> {
    let json = serde_json::to_string(ids).map_err(json_err)?;
    let sql = format!(
        "{SUMMARY_SELECT} WHERE s.id IN (SELECT value FROM json_each(?1)) ORDER BY s.created_at DESC, s.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([json], |r| summary_from_row(r).map(|(s, _)| s))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn open_search(conn: &Connection, id: SearchId) -> Result<SearchDetail, StoreError> {
    let sql = format!("{SUMMARY_SELECT} WHERE s.id = ?1");
    let (summary, phash) = conn
        .prepare_cached(&sql)?
        .query_row([id.0], summary_from_row)
        .optional()?
        .ok_or_else(|| StoreError::not_found(format!("search {}", id.0)))?;
    let mut stmt = conn.prepare_cached(
        "SELECT r.rank, r.similarity, r.price_min, r.price_max, r.moq,
                o.raw_json, o.profile, o.offer_id, o.title, o.title_translated, o.supplier_name
           FROM search_results r JOIN offers o ON o.id = r.offer_id
          WHERE r.search_id = ?1 ORDER BY r.position",
    )?;
    let offers = stmt
        .query_map([id.0], |r| {
            let raw: String = r.get(5)?;
            let mut offer = match serde_json::from_str::<Offer>(&raw) {
                Ok(offer) => offer,
                Err(_) => offer_from_columns(r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?),
            };
            offer.rank = r.get(0)?;
            offer.similarity = r.get::<_, Option<f64>>(1)?.map(|v| v as f32);
            offer.price = price_from(r.get(2)?, r.get(3)?);
            offer.moq = to_u32(r.get(4)?);
            Ok(offer)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SearchDetail { summary, phash_hex: format!("{phash:016x}"), offers })
}

/// Rebuilds an offer from indexed columns when its stored JSON cannot be read.
pub(crate) fn offer_from_columns(
    profile: String,
    offer_id: String,
    title: String,
    title_translated: Option<String>,
    supplier_name: String,
) -> Offer {
    Offer {
        detail_url: format!("https://detail.1688.com/offer/{offer_id}.html"),
        profile,
        offer_id,
        title,
        title_translated,
        image_url: None,
        price: None,
        moq: None,
        unit: None,
        supplier: Supplier { name: supplier_name, ..Supplier::default() },
        shipping: None,
        similarity: None,
        rank: 0,
        month_sold: None,
        supply_type: None,
        dropship: None,
        repurchase_rate: None,
        raw: serde_json::Value::Null,
    }
}

/// Deletes searches, then the offers, suppliers and photos nothing else uses.
pub(crate) fn delete_searches(tx: &Transaction<'_>, ids: &[SearchId]) -> Result<u64, StoreError> {
    let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
    let ids_json = serde_json::to_string(&ids).map_err(json_err)?;
    let offer_ids: Vec<i64> = tx
        .prepare(
            "SELECT DISTINCT offer_id FROM search_results
              WHERE search_id IN (SELECT value FROM json_each(?1))",
        )?
        .query_map([&ids_json], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let photo_ids: Vec<i64> = tx
        .prepare("SELECT DISTINCT photo_id FROM searches WHERE id IN (SELECT value FROM json_each(?1))")?
        .query_map([&ids_json], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let deleted = tx.execute("DELETE FROM searches WHERE id IN (SELECT value FROM json_each(?1))", [&ids_json])?;

    let offers_json = serde_json::to_string(&offer_ids).map_err(json_err)?;
    let supplier_ids: Vec<i64> = tx
        .prepare(
            "SELECT DISTINCT supplier_id FROM offers
              WHERE id IN (SELECT value FROM json_each(?1)) AND supplier_id IS NOT NULL",
        )?
        .query_map([&offers_json], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tx.execute(
        "DELETE FROM offers WHERE id IN (SELECT value FROM json_each(?1))
           AND NOT EXISTS (SELECT 1 FROM search_results r WHERE r.offer_id = offers.id)
           AND NOT EXISTS (SELECT 1 FROM shortlist_items i WHERE i.offer_id = offers.id)",
        [&offers_json],
    )?;
    tx.execute(
        "DELETE FROM suppliers WHERE id IN (SELECT value FROM json_each(?1))
           AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.supplier_id = suppliers.id)
           AND NOT EXISTS (SELECT 1 FROM shortlist_items i WHERE i.supplier_id = suppliers.id)",
        [serde_json::to_string(&supplier_ids).map_err(json_err)?],
    )?;
    tx.execute(
        "DELETE FROM photos WHERE id IN (SELECT value FROM json_each(?1))
           AND NOT EXISTS (SELECT 1 FROM searches s WHERE s.photo_id = photos.id)",
        [serde_json::to_string(&photo_ids).map_err(json_err)?],
    )?;
    Ok(deleted as u64)
}

pub(crate) fn seen_before(
    conn: &Connection,
    phash: u64,
    max_distance: u32,
    limit: u32,
) -> Result<Vec<SeenBefore>, StoreError> {
    let mut close: Vec<(u32, i64)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached("SELECT id, phash FROM photos INDEXED BY photos_phash")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let other: i64 = row.get(1)?;
            let distance = (other as u64 ^ phash).count_ones();
            if distance <= max_distance {
                close.push((distance, row.get(0)?));
            }
        }
    }
    close.sort_unstable();
    close.truncate(limit as usize);
    let sql = format!("{SUMMARY_SELECT} WHERE s.id = (SELECT max(id) FROM searches WHERE photo_id = ?1)");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found = Vec::with_capacity(close.len());
    for (distance, photo_id) in close {
        if let Some((search, _)) = stmt.query_row([photo_id], summary_from_row).optional()? {
            found.push(SeenBefore { search, distance });
        }
    }
    Ok(found)
}
