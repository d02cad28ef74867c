//! JSON: `{"format": "zhaohuo.export", "version": 1, "exportedAtMs", "source", "columns", "rows"}`,
//! documented in `docs/export.md`. Fields are added in later versions, never renamed.

use serde_json::json;

use super::{Row, Source, COLUMNS};

pub const VERSION: u32 = 1;

pub(super) fn encode(source: &Source, rows: &[Row]) -> Vec<u8> {
    let doc = json!({
        "format": "zhaohuo.export",
        "version": VERSION,
        "exportedAtMs": chrono::Utc::now().timestamp_millis(),
        "source": source,
        "columns": COLUMNS,
        "rows": rows,
    });
    serde_json::to_vec_pretty(&doc).unwrap_or_default()
}
