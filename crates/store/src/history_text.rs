//! Finding things again by text: offer titles, translated titles and
//! supplier names in past searches (FTS5 trigram and two-letter pair
//! indexes, LIKE for the rest), and shortlist names and notes. Every term
//! the buyer types must match; user input is always quoted, never FTS syntax.

use rusqlite::{params, Connection};

use crate::history::{self, json_err};
use crate::model::{HistoryTextHits, ItemId, NoteHit, SearchSummary, ShortlistId};
use crate::StoreError;

/// How many matching offers a text search looks at (the newest first), so a
/// very common word cannot make the query slow.
const TEXT_MATCH_OFFER_CAP: i64 = 1000;

/// Searches whose offers match `query` and shortlists or notes that do, at
/// most `limit` of each.
pub(crate) fn find_in_history(conn: &Connection, query: &str, limit: u32) -> Result<HistoryTextHits, StoreError> {
    Ok(HistoryTextHits { searches: matching_searches(conn, query, limit)?, notes: matching_notes(conn, query, limit)? })
}

/// Splits a query into terms and quotes each for FTS5, so user input can
/// never be read as FTS syntax: (3+ character terms, shorter terms).
fn fts_terms(query: &str) -> (Vec<String>, Vec<String>) {
    let mut long = Vec::new();
    let mut short = Vec::new();
    for term in query.split_whitespace() {
        if term.chars().count() >= 3 {
            long.push(fts_quote(term));
        } else {
            short.push(term.to_string());
        }
    }
    (long, short)
}

fn fts_quote(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

fn like_pattern(term: &str) -> String {
    let escaped = term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Row ids matching an FTS5 query, newest first; `cap` bounds them when
/// this is the only condition.
fn fts_rowids(conn: &Connection, table: &str, query: &str, cap: Option<i64>) -> Result<Vec<i64>, StoreError> {
    let limit = cap.map(|c| format!(" LIMIT {c}")).unwrap_or_default();
    let sql = format!("SELECT rowid FROM {table} WHERE {table} MATCH ?1 ORDER BY rowid DESC{limit}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt.query_map([query], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Offer row ids whose title, translated title or supplier name contains
/// every term, newest first, at most [`TEXT_MATCH_OFFER_CAP`]. Terms of 3+
/// characters use the trigram index, 2-letter words the pair index, and the
/// rest (single characters, punctuation) a LIKE filter.
fn matching_offers(conn: &Connection, query: &str) -> Result<Vec<i64>, StoreError> {
    let mut trigram_terms = Vec::new();
    let mut pair_terms = Vec::new();
    let mut like_terms = Vec::new();
    for term in query.split_whitespace() {
        let chars: Vec<char> = term.to_lowercase().chars().collect();
        if chars.len() >= 3 {
            trigram_terms.push(fts_quote(term));
        } else if chars.len() == 2 && chars.iter().all(|c| c.is_alphanumeric()) {
            let pair: String = chars.iter().chain([&crate::schema::PAIR_MARK]).collect();
            pair_terms.push(fts_quote(&pair));
        } else {
            like_terms.push(like_pattern(term));
        }
    }
    let indexed = [("offer_fts", trigram_terms), ("offer_pair_fts", pair_terms)];
    let conditions = indexed.iter().filter(|(_, t)| !t.is_empty()).count() + usize::from(!like_terms.is_empty());
    if conditions == 0 {
        return Ok(Vec::new());
    }
    let cap = (conditions == 1).then_some(TEXT_MATCH_OFFER_CAP);
    let mut candidates: Option<Vec<i64>> = None;
    for (table, terms) in &indexed {
        if terms.is_empty() {
            continue;
        }
        let ids = fts_rowids(conn, table, &terms.join(" "), cap)?;
        candidates = Some(match candidates {
            None => ids,
            Some(prev) => {
                let keep: std::collections::HashSet<i64> = ids.into_iter().collect();
                prev.into_iter().filter(|id| keep.contains(id)).collect()
            }
        });
    }
    if like_terms.is_empty() {
        let mut ids = candidates.unwrap_or_default();
        ids.truncate(TEXT_MATCH_OFFER_CAP as usize);
        return Ok(ids);
    }
    let mut sql = String::from("SELECT id FROM offers WHERE 1");
    let mut args: Vec<String> = Vec::new();
    if let Some(ids) = &candidates {
        args.push(serde_json::to_string(ids).map_err(json_err)?);
        sql.push_str(" AND id IN (SELECT value FROM json_each(?1))");
    }
    for pattern in like_terms {
        args.push(pattern);
        let n = args.len();
        sql.push_str(&format!(
            " AND (title LIKE ?{n} ESCAPE '\\' OR title_translated LIKE ?{n} ESCAPE '\\'
                   OR supplier_name LIKE ?{n} ESCAPE '\\')"
        ));
    }
    sql.push_str(&format!(" ORDER BY id DESC LIMIT {TEXT_MATCH_OFFER_CAP}"));
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Past searches that showed a matching offer, newest first.
fn matching_searches(conn: &Connection, query: &str, limit: u32) -> Result<Vec<SearchSummary>, StoreError> {
    let offers = matching_offers(conn, query)?;
    if offers.is_empty() {
        return Ok(Vec::new());
    }
    let json = serde_json::to_string(&offers).map_err(json_err)?;
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT DISTINCT search_id FROM search_results
              WHERE offer_id IN (SELECT value FROM json_each(?1))
              ORDER BY search_id DESC LIMIT ?2",
        )?
        .query_map(params![json, i64::from(limit.clamp(1, 500))], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    history::summaries_by_ids(conn, &ids)
}

/// Shortlists and items whose name or notes contain every term: FTS5
/// trigram match when every term has 3+ characters, else a LIKE scan (notes
/// are hundreds of rows, and trigrams cannot match 1–2 character terms).
fn matching_notes(conn: &Connection, query: &str, limit: u32) -> Result<Vec<NoteHit>, StoreError> {
    let (long, short) = fts_terms(query);
    if long.is_empty() && short.is_empty() {
        return Ok(Vec::new());
    }
    let limit = i64::from(limit.clamp(1, 500));
    let (arg, lists_sql, items_sql) = if short.is_empty() {
        (
            long.join(" "),
            "SELECT l.id, l.name, l.notes FROM shortlist_fts f JOIN shortlists l ON l.id = f.rowid
              WHERE shortlist_fts MATCH ?1 ORDER BY l.updated_at DESC LIMIT ?2",
            "SELECT i.shortlist_id, l.name, i.id, i.note FROM item_note_fts f
               JOIN shortlist_items i ON i.id = f.rowid JOIN shortlists l ON l.id = i.shortlist_id
              WHERE item_note_fts MATCH ?1 ORDER BY i.added_at DESC LIMIT ?2",
        )
    } else {
        let patterns: Vec<String> = query.split_whitespace().map(like_pattern).collect();
        (
            serde_json::to_string(&patterns).map_err(json_err)?,
            "SELECT l.id, l.name, l.notes FROM shortlists l
              WHERE NOT EXISTS (SELECT 1 FROM json_each(?1) p
                                 WHERE NOT (l.name LIKE p.value ESCAPE '\\' OR l.notes LIKE p.value ESCAPE '\\'))
              ORDER BY l.updated_at DESC LIMIT ?2",
            "SELECT i.shortlist_id, l.name, i.id, i.note FROM shortlist_items i
               JOIN shortlists l ON l.id = i.shortlist_id
              WHERE i.note <> ''
                AND NOT EXISTS (SELECT 1 FROM json_each(?1) p WHERE NOT (i.note LIKE p.value ESCAPE '\\'))
              ORDER BY i.added_at DESC LIMIT ?2",
        )
    };
    let mut hits = Vec::new();
    let mut lists = conn.prepare_cached(lists_sql)?;
    for row in lists.query_map(params![arg, limit], |r| {
        let name: String = r.get(1)?;
        let notes: String = r.get(2)?;
        Ok(NoteHit {
            shortlist_id: ShortlistId(r.get(0)?),
            text: if notes.is_empty() { name.clone() } else { notes },
            shortlist_name: name,
            item_id: None,
        })
    })? {
        hits.push(row?);
    }
    let mut items = conn.prepare_cached(items_sql)?;
    for row in items.query_map(params![arg, limit], |r| {
        Ok(NoteHit {
            shortlist_id: ShortlistId(r.get(0)?),
            shortlist_name: r.get(1)?,
            item_id: Some(ItemId(r.get(2)?)),
            text: r.get(3)?,
        })
    })? {
        hits.push(row?);
    }
    Ok(hits)
}
