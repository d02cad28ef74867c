//! Schema versions. Never edit a released migration: add a new one.

use rusqlite_migration::{Migrations, M};

/// Version 1: history, offers, suppliers, shortlists, cache, quota, settings.
pub(crate) const V1: &str = r#"
CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    phash INTEGER NOT NULL,
    thumbnail BLOB
);
-- Lets "seen before" scan hashes without touching thumbnails.
CREATE INDEX photos_phash ON photos(phash);

CREATE TABLE searches (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    profile TEXT NOT NULL,
    mode TEXT NOT NULL,
    filters_json TEXT NOT NULL,
    sort TEXT,
    crop_json TEXT,
    photo_id INTEGER NOT NULL REFERENCES photos(id),
    result_count INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
    error_kind TEXT,
    request_ids_json TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX searches_newest ON searches(created_at DESC, id DESC);
CREATE INDEX searches_photo ON searches(photo_id);

CREATE TABLE suppliers (
    id INTEGER PRIMARY KEY,
    profile TEXT NOT NULL,
    supplier_key TEXT NOT NULL,
    name TEXT NOT NULL,
    city TEXT,
    badges_json TEXT NOT NULL DEFAULT '[]',
    credit_level TEXT,
    last_seen INTEGER NOT NULL,
    UNIQUE (profile, supplier_key)
);

CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    profile TEXT NOT NULL,
    offer_id TEXT NOT NULL,
    supplier_id INTEGER REFERENCES suppliers(id),
    title TEXT NOT NULL,
    title_translated TEXT,
    supplier_name TEXT NOT NULL DEFAULT '',
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    price_min INTEGER,
    price_max INTEGER,
    moq INTEGER,
    raw_json TEXT NOT NULL,
    UNIQUE (profile, offer_id)
);
CREATE INDEX offers_supplier ON offers(supplier_id);

-- Price and MOQ as they were in that search; the offer row holds the latest.
CREATE TABLE search_results (
    search_id INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    offer_id INTEGER NOT NULL REFERENCES offers(id),
    rank INTEGER NOT NULL,
    similarity REAL,
    price_min INTEGER,
    price_max INTEGER,
    moq INTEGER,
    PRIMARY KEY (search_id, position)
) WITHOUT ROWID;
CREATE INDEX search_results_offer ON search_results(offer_id, search_id);

CREATE TABLE shortlists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE shortlist_items (
    id INTEGER PRIMARY KEY,
    shortlist_id INTEGER NOT NULL REFERENCES shortlists(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    offer_id INTEGER REFERENCES offers(id),
    supplier_id INTEGER REFERENCES suppliers(id),
    note TEXT NOT NULL DEFAULT '',
    added_at INTEGER NOT NULL,
    price_min_at_add INTEGER,
    price_max_at_add INTEGER,
    moq_at_add INTEGER,
    CHECK ((offer_id IS NULL) <> (supplier_id IS NULL))
);
CREATE INDEX shortlist_items_list ON shortlist_items(shortlist_id, position);
CREATE INDEX shortlist_items_offer ON shortlist_items(offer_id);
CREATE INDEX shortlist_items_supplier ON shortlist_items(supplier_id);

CREATE TABLE response_cache (
    id INTEGER PRIMARY KEY,
    profile TEXT NOT NULL,
    photo_sha256 TEXT NOT NULL,
    params TEXT NOT NULL,
    response TEXT NOT NULL,
    stored_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    UNIQUE (profile, photo_sha256, params)
);
CREATE INDEX response_cache_expiry ON response_cache(expires_at);

CREATE TABLE quota_usage (
    profile TEXT NOT NULL,
    day TEXT NOT NULL,
    calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (profile, day)
) WITHOUT ROWID;

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
);
"#;

/// Version 2: full-text search with the trigram tokenizer (works for Chinese,
/// which has no spaces), filled from the rows version 1 already holds.
pub(crate) const V2: &str = r#"
CREATE VIRTUAL TABLE offer_fts USING fts5(
    title, title_translated, supplier_name,
    content='offers', content_rowid='id', tokenize='trigram'
);
INSERT INTO offer_fts(offer_fts) VALUES ('rebuild');
CREATE TRIGGER offers_fts_insert AFTER INSERT ON offers BEGIN
    INSERT INTO offer_fts(rowid, title, title_translated, supplier_name)
    VALUES (new.id, new.title, new.title_translated, new.supplier_name);
END;
CREATE TRIGGER offers_fts_delete AFTER DELETE ON offers BEGIN
    INSERT INTO offer_fts(offer_fts, rowid, title, title_translated, supplier_name)
    VALUES ('delete', old.id, old.title, old.title_translated, old.supplier_name);
END;
CREATE TRIGGER offers_fts_update AFTER UPDATE OF title, title_translated, supplier_name ON offers
WHEN old.title IS NOT new.title
  OR old.title_translated IS NOT new.title_translated
  OR old.supplier_name IS NOT new.supplier_name
BEGIN
    INSERT INTO offer_fts(offer_fts, rowid, title, title_translated, supplier_name)
    VALUES ('delete', old.id, old.title, old.title_translated, old.supplier_name);
    INSERT INTO offer_fts(rowid, title, title_translated, supplier_name)
    VALUES (new.id, new.title, new.title_translated, new.supplier_name);
END;

CREATE VIRTUAL TABLE shortlist_fts USING fts5(
    name, notes, content='shortlists', content_rowid='id', tokenize='trigram'
);
INSERT INTO shortlist_fts(shortlist_fts) VALUES ('rebuild');
CREATE TRIGGER shortlists_fts_insert AFTER INSERT ON shortlists BEGIN
    INSERT INTO shortlist_fts(rowid, name, notes) VALUES (new.id, new.name, new.notes);
END;
CREATE TRIGGER shortlists_fts_delete AFTER DELETE ON shortlists BEGIN
    INSERT INTO shortlist_fts(shortlist_fts, rowid, name, notes) VALUES ('delete', old.id, old.name, old.notes);
END;
CREATE TRIGGER shortlists_fts_update AFTER UPDATE OF name, notes ON shortlists BEGIN
    INSERT INTO shortlist_fts(shortlist_fts, rowid, name, notes) VALUES ('delete', old.id, old.name, old.notes);
    INSERT INTO shortlist_fts(rowid, name, notes) VALUES (new.id, new.name, new.notes);
END;

CREATE VIRTUAL TABLE item_note_fts USING fts5(
    note, content='shortlist_items', content_rowid='id', tokenize='trigram'
);
INSERT INTO item_note_fts(item_note_fts) VALUES ('rebuild');
CREATE TRIGGER items_fts_insert AFTER INSERT ON shortlist_items BEGIN
    INSERT INTO item_note_fts(rowid, note) VALUES (new.id, new.note);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON shortlist_items BEGIN
    INSERT INTO item_note_fts(item_note_fts, rowid, note) VALUES ('delete', old.id, old.note);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF note ON shortlist_items BEGIN
    INSERT INTO item_note_fts(item_note_fts, rowid, note) VALUES ('delete', old.id, old.note);
    INSERT INTO item_note_fts(rowid, note) VALUES (new.id, new.note);
END;
"#;

/// Version 3: an index of character pairs, because Chinese buyers type
/// two-character words (杯子, 收纳) that trigrams cannot match. Each pair is
/// stored as `ab` + [`PAIR_MARK`], so a 2-character term becomes one trigram.
/// Needs the `zh_pairs` SQL function that [`register_functions`] installs.
pub(crate) const V3: &str = r#"
CREATE VIRTUAL TABLE offer_pair_fts USING fts5(
    pairs, content='', contentless_delete=1, detail=none, tokenize='trigram'
);
INSERT INTO offer_pair_fts(rowid, pairs)
    SELECT id, zh_pairs(title, title_translated, supplier_name) FROM offers;
CREATE TRIGGER offers_pairs_insert AFTER INSERT ON offers BEGIN
    INSERT INTO offer_pair_fts(rowid, pairs)
    VALUES (new.id, zh_pairs(new.title, new.title_translated, new.supplier_name));
END;
CREATE TRIGGER offers_pairs_delete AFTER DELETE ON offers BEGIN
    DELETE FROM offer_pair_fts WHERE rowid = old.id;
END;
CREATE TRIGGER offers_pairs_update AFTER UPDATE OF title, title_translated, supplier_name ON offers
WHEN old.title IS NOT new.title
  OR old.title_translated IS NOT new.title_translated
  OR old.supplier_name IS NOT new.supplier_name
BEGIN
    DELETE FROM offer_pair_fts WHERE rowid = old.id;
    INSERT INTO offer_pair_fts(rowid, pairs)
    VALUES (new.id, zh_pairs(new.title, new.title_translated, new.supplier_name));
END;
"#;

/// Marks the end of a character pair in `offer_pair_fts` (a private-use
/// character, so it never occurs in real text).
pub(crate) const PAIR_MARK: char = '\u{E000}';

/// Every distinct pair of adjacent letters/digits in `texts`, each followed
/// by [`PAIR_MARK`]; pairs never span spaces or punctuation.
pub(crate) fn pairs<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for text in texts {
        let lower = text.to_lowercase();
        let mut prev: Option<char> = None;
        for c in lower.chars() {
            if !c.is_alphanumeric() {
                prev = None;
                continue;
            }
            if let Some(p) = prev {
                if seen.insert((p, c)) {
                    out.push(p);
                    out.push(c);
                    out.push(PAIR_MARK);
                }
            }
            prev = Some(c);
        }
    }
    out
}

/// SQL functions the schema's triggers call; every connection that writes
/// offers must have them.
pub(crate) fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "zh_pairs",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let mut texts = Vec::with_capacity(3);
            for i in 0..3 {
                texts.push(ctx.get::<Option<String>>(i)?.unwrap_or_default());
            }
            Ok(pairs(texts.iter().map(String::as_str)))
        },
    )
}

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3)])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::register_functions(&conn).unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
    }

    #[test]
    fn pairs_stay_within_words_and_are_distinct() {
        let m = super::PAIR_MARK;
        assert_eq!(super::pairs(["杯子 杯子", "T恤-A"]), format!("杯子{m}t恤{m}"));
        assert_eq!(super::pairs(["a", ""]), "");
    }
}
