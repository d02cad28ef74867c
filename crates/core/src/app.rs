//! Facts about the running app that the UI shows (version, where data lives).

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// Folder holding the database and logs.
    pub data_dir: String,
}

impl AppInfo {
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: data_dir.display().to_string(),
        }
    }
}
