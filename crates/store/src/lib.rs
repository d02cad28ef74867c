//! Local store: search history, offers, shortlists, response cache, quota
//! counters and settings, in one SQLite file (WAL, foreign keys on).
//!
//! [`Store`] is a cheap, cloneable handle. Its async methods run the SQL on
//! tokio's blocking pool over one connection behind a mutex, so no UI or
//! executor thread ever waits on the disk. Credentials never come here: see
//! `zhaohuo-secrets`.

mod cache;
mod error;
mod history;
mod history_text;
mod model;
mod quota;
mod schema;
mod settings;
mod shortlists;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use rusqlite::{Connection, TransactionBehavior};
use zhaohuo_types::Offer;

pub use error::StoreError;
pub use model::*;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How hard a commit tries to reach the disk before `record_search` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// WAL with `synchronous = NORMAL`: every returned commit survives the
    /// app crashing or being killed at any moment (see the durability test);
    /// a power cut or OS crash may roll back the last commits, never corrupt
    /// the file. No disk flush per search.
    #[default]
    CrashSafe,
    /// `synchronous = FULL`: also survives a power cut, at the price of one
    /// disk flush per commit (about 4 ms median on the CI machine's disk).
    PowerSafe,
}

/// Handle to the database; clone it freely, all clones share one connection.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.inner.path).finish()
    }
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)).unwrap_or(0)
}

impl Store {
    /// [`Store::open`] on the blocking pool, for callers already in async code.
    pub async fn open_async(path: PathBuf) -> Result<Store, StoreError> {
        tokio::task::spawn_blocking(move || Store::open(path)).await.map_err(|e| StoreError::Worker(e.to_string()))?
    }

    /// Opens (creating if needed) the database and brings its schema up to
    /// date. Blocking: call it at start-up or inside `spawn_blocking`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Self::open_with(path, Durability::default())
    }

    /// [`Store::open`] with an explicit [`Durability`].
    pub fn open_with(path: impl AsRef<Path>, durability: Durability) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        let open_err = |reason: String| StoreError::Open { path: path.clone(), reason };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        let mut conn = Connection::open(&path).map_err(|e| match StoreError::from(e) {
            StoreError::Database(e) => open_err(e.to_string()),
            other => other,
        })?;
        configure(&conn, durability)?;
        schema::register_functions(&conn)?;
        schema::migrations().to_latest(&mut conn)?;
        tracing::debug!(path = %path.display(), "store opened");
        Ok(Store { inner: Arc::new(Inner { conn: Mutex::new(conn), path }) })
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` on the blocking pool with the connection.
    async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock rolled its transaction back;
            // the connection itself is still sound.
            let mut conn = inner.conn.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut conn)
        })
        .await
        .map_err(|e| StoreError::Worker(e.to_string()))?
    }

    /// Records a search and its offers in one transaction; when this returns
    /// `Ok`, the search is on disk.
    pub async fn record_search(&self, search: NewSearch, offers: Vec<Offer>) -> Result<SearchId, StoreError> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = history::record_search(&tx, &search, &offers)?;
            tx.commit()?;
            tracing::debug!(search_id = id.0, offers = offers.len(), profile = %search.profile, "search recorded");
            Ok(id)
        })
        .await
    }

    /// Adds a later page's offers (and its request ids) to a recorded search.
    pub async fn append_results(
        &self,
        search: SearchId,
        offers: Vec<Offer>,
        request_ids: Vec<String>,
    ) -> Result<(), StoreError> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            history::append_results(&tx, search, &offers, &request_ids, now_ms())?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    /// Records many searches in one transaction (imports, benchmarks).
    pub async fn record_searches(&self, searches: Vec<(NewSearch, Vec<Offer>)>) -> Result<Vec<SearchId>, StoreError> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let ids = searches
                .iter()
                .map(|(search, offers)| history::record_search(&tx, search, offers))
                .collect::<Result<Vec<_>, _>>()?;
            tx.commit()?;
            Ok(ids)
        })
        .await
    }

    /// History, newest first; `page` starts at 0, `page_size` is clamped to 1–500.
    pub async fn list_history(&self, page: u32, page_size: u32) -> Result<Vec<SearchSummary>, StoreError> {
        self.run(move |conn| history::list_history(conn, page, page_size)).await
    }

    /// How many searches the history holds (for paging).
    pub async fn count_searches(&self) -> Result<u64, StoreError> {
        self.run(|conn| history::count_searches(conn)).await
    }

    /// Full-text search over offer titles, supplier names, shortlist names and
    /// notes. Whitespace separates terms; all must match. At most `limit`
    /// searches (newest first) and `limit` note hits.
    pub async fn find_in_history(&self, query: &str, limit: u32) -> Result<HistoryTextHits, StoreError> {
        let query = query.to_string();
        self.run(move |conn| history_text::find_in_history(conn, &query, limit)).await
    }

    /// A past search with its offers, without calling the API.
    pub async fn open_search(&self, id: SearchId) -> Result<SearchDetail, StoreError> {
        self.run(move |conn| history::open_search(conn, id)).await
    }

    /// Deletes a search, and the offers, suppliers and photos only it used.
    pub async fn delete_search(&self, id: SearchId) -> Result<(), StoreError> {
        let deleted = self.delete_searches(vec![id]).await?;
        if deleted == 0 {
            return Err(StoreError::not_found(format!("search {}", id.0)));
        }
        Ok(())
    }

    /// Deletes several searches at once; returns how many existed.
    pub async fn delete_searches(&self, ids: Vec<SearchId>) -> Result<u64, StoreError> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = history::delete_searches(&tx, &ids)?;
            tx.commit()?;
            Ok(n)
        })
        .await
    }

    /// Past searches whose photo's perceptual hash is within `max_distance`
    /// bits of `phash` (the newest search per photo), closest first.
    pub async fn seen_before(&self, phash: u64, max_distance: u32, limit: u32) -> Result<Vec<SeenBefore>, StoreError> {
        self.run(move |conn| history::seen_before(conn, phash, max_distance, limit)).await
    }

    pub async fn create_shortlist(&self, name: &str, notes: &str) -> Result<Shortlist, StoreError> {
        let (name, notes) = (name.to_string(), notes.to_string());
        self.run(move |conn| shortlists::create_shortlist(conn, &name, &notes, now_ms())).await
    }

    /// All shortlists, most recently changed first.
    pub async fn list_shortlists(&self) -> Result<Vec<Shortlist>, StoreError> {
        self.run(|conn| shortlists::list_shortlists(conn)).await
    }

    pub async fn rename_shortlist(&self, id: ShortlistId, name: &str) -> Result<(), StoreError> {
        let name = name.to_string();
        self.run(move |conn| shortlists::rename_shortlist(conn, id, &name, now_ms())).await
    }

    pub async fn set_shortlist_notes(&self, id: ShortlistId, notes: &str) -> Result<(), StoreError> {
        let notes = notes.to_string();
        self.run(move |conn| shortlists::set_shortlist_notes(conn, id, &notes, now_ms())).await
    }

    /// Deletes a shortlist and its items (the offers stay in history).
    pub async fn delete_shortlist(&self, id: ShortlistId) -> Result<(), StoreError> {
        self.run(move |conn| shortlists::delete_shortlist(conn, id)).await
    }

    /// Appends an offer or supplier (already in the store from a search),
    /// remembering its current price and MOQ.
    pub async fn add_to_shortlist(&self, list: ShortlistId, item: ItemRef, note: &str) -> Result<ItemId, StoreError> {
        let note = note.to_string();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = shortlists::add_to_shortlist(&tx, list, &item, &note, now_ms())?;
            tx.commit()?;
            Ok(id)
        })
        .await
    }

    /// Moves an item to `position` (0-based, clamped) in list `to` — its own
    /// list to reorder, or another to move it.
    pub async fn move_shortlist_item(&self, item: ItemId, to: ShortlistId, position: u32) -> Result<(), StoreError> {
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            shortlists::move_shortlist_item(&tx, item, to, position, now_ms())?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    pub async fn remove_shortlist_item(&self, item: ItemId) -> Result<(), StoreError> {
        self.run(move |conn| shortlists::remove_shortlist_item(conn, item, now_ms())).await
    }

    pub async fn set_item_note(&self, item: ItemId, note: &str) -> Result<(), StoreError> {
        let note = note.to_string();
        self.run(move |conn| shortlists::set_item_note(conn, item, &note, now_ms())).await
    }

    /// A shortlist with its items in order and each offer's latest known price.
    pub async fn open_shortlist(&self, id: ShortlistId) -> Result<ShortlistDetail, StoreError> {
        self.run(move |conn| shortlists::open_shortlist(conn, id)).await
    }

    /// A cached provider response, if one is stored and not expired.
    pub async fn cache_get(&self, key: CacheKey) -> Result<Option<String>, StoreError> {
        self.run(move |conn| cache::cache_get(conn, &key, now_ms())).await
    }

    /// Stores a provider response for `ttl` (and drops expired ones).
    pub async fn cache_put(&self, key: CacheKey, response: String, ttl: Duration) -> Result<(), StoreError> {
        self.run(move |conn| {
            let now = now_ms();
            let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
            cache::cache_put(conn, &key, &response, now, now.saturating_add(ttl_ms))
        })
        .await
    }

    /// Counts one API call for a profile on a day; returns that day's total.
    pub async fn record_call(&self, profile: &str, day: NaiveDate) -> Result<u32, StoreError> {
        self.record_calls(profile, day, 1).await
    }

    /// Counts `n` API calls for a profile on a day in one write; returns that day's total.
    pub async fn record_calls(&self, profile: &str, day: NaiveDate, n: u32) -> Result<u32, StoreError> {
        let profile = profile.to_string();
        self.run(move |conn| quota::record_calls(conn, &profile, &day.to_string(), n)).await
    }

    /// API calls made by a profile on a day.
    pub async fn count_calls(&self, profile: &str, day: NaiveDate) -> Result<u32, StoreError> {
        let profile = profile.to_string();
        self.run(move |conn| quota::count_calls(conn, &profile, &day.to_string())).await
    }

    /// Reads a setting (JSON). Never holds credentials.
    pub async fn get_setting(&self, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
        let key = key.to_string();
        self.run(move |conn| settings::get_setting(conn, &key)).await
    }

    /// Writes a setting; `null` deletes it. Names that look like credentials
    /// are refused with [`StoreError::SecretInSettings`].
    pub async fn set_setting(&self, key: &str, value: serde_json::Value) -> Result<(), StoreError> {
        let key = key.to_string();
        self.run(move |conn| settings::set_setting(conn, &key, &value)).await
    }

    /// Copies the WAL into the main file and empties it (e.g. on quit).
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        self.run(|conn| {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
        .await
    }

    /// `PRAGMA integrity_check`: `"ok"` when the file is sound.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        self.run(|conn| Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))?)).await
    }
}

/// WAL so readers never block the writer and a killed process loses no
/// committed search; the sync level comes from [`Durability`].
fn configure(conn: &Connection, durability: Durability) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Open { path: PathBuf::new(), reason: format!("WAL mode unavailable (got {mode})") });
    }
    let synchronous = match durability {
        Durability::CrashSafe => "NORMAL",
        Durability::PowerSafe => "FULL",
    };
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = {synchronous};
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -32000;"
    ))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
