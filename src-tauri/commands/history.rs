//! Past searches, reopened from the store without an API call.

use tauri::State;
use zhaohuo_core::store::{HistoryTextHits, SearchDetail, SearchId, SearchSummary};
use zhaohuo_ipc_macros::command;

use crate::error::CommandResult;
use crate::state::AppState;

#[command]
pub async fn list_history(page: u32, page_size: u32, state: State<'_, AppState>) -> CommandResult<Vec<SearchSummary>> {
    Ok(state.app.list_history(page, page_size).await?)
}

/// Searches and shortlist notes matching `text` (titles, suppliers, notes).
#[command]
pub async fn find_in_history(text: String, state: State<'_, AppState>) -> CommandResult<HistoryTextHits> {
    Ok(state.app.find_in_history(&text, 100).await?)
}

#[command]
pub async fn open_search(id: SearchId, state: State<'_, AppState>) -> CommandResult<SearchDetail> {
    Ok(state.app.open_search(id).await?)
}

#[command]
pub async fn delete_search(id: SearchId, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.delete_search(id).await?)
}
