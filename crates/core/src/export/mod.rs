//! Exports: one search or a shortlist → CSV (UTF-8 with a BOM, so Excel reads
//! Chinese right), XLSX (frozen header, widths, prices as numbers in a CNY
//! format, links as hyperlinks) or JSON (documented in `docs/export.md`,
//! versioned). One row per offer; the same columns in every format.

mod csv_file;
mod json_file;
mod xlsx_file;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_store::{ItemTarget, SearchId, ShortlistId};
use zhaohuo_types::{ErrorKind, Kind, Offer};

use crate::{App, Error};

/// The file an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
        }
    }
}

/// What was written, for the UI to say.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    pub rows: u32,
    /// The file's name (not its folder: the webview is told no paths).
    pub file_name: String,
}

/// An export that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the export could not be written: {0}")]
    Write(#[from] std::io::Error),
    #[error("the spreadsheet could not be made: {0}")]
    Xlsx(String),
    #[error("the CSV file could not be made: {0}")]
    Csv(String),
}

impl ErrorKind for ExportError {
    fn kind(&self) -> Kind {
        match self {
            ExportError::Write(_) => Kind::ExportWrite,
            ExportError::Xlsx(_) | ExportError::Csv(_) => Kind::ExportEncode,
        }
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            ExportError::Write(_) => {
                "Choose a folder you can write to with free space, and close the file if a spreadsheet program has it open."
            }
            ExportError::Xlsx(_) | ExportError::Csv(_) => "Try CSV or JSON instead, and report this.",
        }
        .into())
    }
}

/// The columns, in order, as the header names them.
pub const COLUMNS: [&str; 17] = [
    "photo",
    "offer id",
    "title",
    "translated title",
    "price min (CNY)",
    "price max (CNY)",
    "MOQ",
    "unit",
    "supplier",
    "city",
    "badges",
    "similarity",
    "rank",
    "sold (month)",
    "link",
    "note",
    "profile",
];

/// One exported row: an offer, where it came from, and the buyer's note.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// Which search or list item it came from ("search 12, 2026-11-30 14:02").
    pub photo: String,
    pub offer_id: String,
    pub title: String,
    pub title_translated: Option<String>,
    pub price_min: Option<f64>,
    pub price_max: Option<f64>,
    pub moq: Option<u32>,
    pub unit: Option<String>,
    pub supplier: String,
    pub city: Option<String>,
    pub badges: Vec<String>,
    pub similarity: Option<f32>,
    pub rank: Option<u32>,
    pub month_sold: Option<u32>,
    pub link: String,
    pub note: String,
    pub profile: String,
}

impl Row {
    fn of(offer: &Offer, photo: &str, note: &str, rank: Option<u32>) -> Row {
        let yuan = |fen: u64| fen as f64 / 100.0;
        Row {
            photo: photo.to_string(),
            offer_id: offer.offer_id.clone(),
            title: offer.title.clone(),
            title_translated: offer.title_translated.clone(),
            price_min: offer.price.map(|p| yuan(p.min_fen)),
            price_max: offer.price.map(|p| yuan(p.max_fen)),
            moq: offer.moq,
            unit: offer.unit.clone(),
            supplier: offer.supplier.name.clone(),
            city: offer.supplier.city.clone(),
            badges: offer.supplier.badges.clone(),
            similarity: offer.similarity,
            rank,
            month_sold: offer.month_sold,
            link: offer.detail_url.clone(),
            note: note.to_string(),
            profile: offer.profile.clone(),
        }
    }

    /// The row as text cells, in [`COLUMNS`] order (CSV; XLSX writes numbers as numbers).
    fn cells(&self) -> [String; 17] {
        let opt = |v: Option<String>| v.unwrap_or_default();
        let num = |v: Option<f64>| v.map(|p| format!("{p:.2}")).unwrap_or_default();
        [
            self.photo.clone(),
            self.offer_id.clone(),
            self.title.clone(),
            opt(self.title_translated.clone()),
            num(self.price_min),
            num(self.price_max),
            opt(self.moq.map(|m| m.to_string())),
            opt(self.unit.clone()),
            self.supplier.clone(),
            opt(self.city.clone()),
            self.badges.join("; "),
            opt(self.similarity.map(|s| format!("{s:.3}"))),
            opt(self.rank.map(|r| r.to_string())),
            opt(self.month_sold.map(|m| m.to_string())),
            self.link.clone(),
            self.note.clone(),
            self.profile.clone(),
        ]
    }
}

/// What is being exported, named in the file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Source {
    Search { id: i64, created_at_ms: i64 },
    Shortlist { id: i64, name: String },
}

fn write(path: &Path, format: ExportFormat, source: &Source, rows: &[Row]) -> Result<ExportDone, ExportError> {
    let bytes = match format {
        ExportFormat::Csv => csv_file::encode(rows)?,
        ExportFormat::Xlsx => xlsx_file::encode(rows)?,
        ExportFormat::Json => json_file::encode(source, rows),
    };
    // Written beside the target and moved into place: a failed export never
    // leaves half a file where the buyer's old one was.
    let partial = path.with_extension(format!("{}.partial", format.extension()));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(ExportDone { rows: u32::try_from(rows.len()).unwrap_or(u32::MAX), file_name })
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| (t + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

impl App {
    /// One search's offers, in the provider's order, to `path`.
    pub async fn export_search(&self, id: SearchId, format: ExportFormat, path: &Path) -> Result<ExportDone, Error> {
        let detail = self.store.open_search(id).await?;
        let photo = format!("search {}, {}", id.0, when(detail.summary.created_at_ms));
        let rows: Vec<Row> = detail.offers.iter().map(|o| Row::of(o, &photo, "", Some(o.rank))).collect();
        let source = Source::Search { id: id.0, created_at_ms: detail.summary.created_at_ms };
        let path = path.to_path_buf();
        Ok(tokio::task::spawn_blocking(move || write(&path, format, &source, &rows)).await??)
    }

    /// A shortlist's offers with their notes (suppliers without an offer are left out).
    pub async fn export_shortlist(
        &self,
        id: ShortlistId,
        format: ExportFormat,
        path: &Path,
    ) -> Result<ExportDone, Error> {
        let detail = self.store.open_shortlist(id).await?;
        let photo = format!("list: {}", detail.shortlist.name);
        let rows: Vec<Row> = detail
            .items
            .iter()
            .filter_map(|item| match &item.target {
                ItemTarget::Offer { offer } => Some(Row::of(offer, &photo, &item.note, None)),
                ItemTarget::Supplier { .. } => None,
            })
            .collect();
        let source = Source::Shortlist { id: id.0, name: detail.shortlist.name.clone() };
        let path = path.to_path_buf();
        Ok(tokio::task::spawn_blocking(move || write(&path, format, &source, &rows)).await??)
    }
}
