//! Exports: a native Save dialog (Rust side; the webview is told the file's
//! name only), then `zhaohuo_core::export` writes the file.

use std::path::PathBuf;

use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use zhaohuo_core::export::{ExportDone, ExportFormat};
use zhaohuo_core::store::{SearchId, ShortlistId};
use zhaohuo_ipc_macros::command;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Asks where to save `suggested`; `None` when the buyer cancels.
async fn save_to(app: &AppHandle, suggested: String, format: ExportFormat) -> CommandResult<Option<PathBuf>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let (filter, ext) = match format {
        ExportFormat::Csv => ("CSV", "csv"),
        ExportFormat::Xlsx => ("Excel workbook", "xlsx"),
        ExportFormat::Json => ("JSON", "json"),
    };
    app.dialog().file().set_file_name(&suggested).add_filter(filter, &[ext]).save_file(move |picked| {
        let _ = tx.send(picked);
    });
    let Some(picked) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    Ok(Some(picked.into_path().map_err(|_| CommandError::NotAFile)?))
}

/// One search's offers to a file the buyer picks; `None` when they cancel.
#[command]
pub async fn export_search(
    id: SearchId,
    format: ExportFormat,
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<ExportDone>> {
    let Some(path) = save_to(&app, format!("zhaohuo-search-{}.{}", id.0, format.extension()), format).await? else {
        return Ok(None);
    };
    Ok(Some(state.app.export_search(id, format, &path).await?))
}

/// A shortlist's offers and notes to a file the buyer picks; `None` when they cancel.
#[command]
pub async fn export_shortlist(
    id: ShortlistId,
    format: ExportFormat,
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<ExportDone>> {
    let Some(path) = save_to(&app, format!("zhaohuo-list-{}.{}", id.0, format.extension()), format).await? else {
        return Ok(None);
    };
    Ok(Some(state.app.export_shortlist(id, format, &path).await?))
}
