//! Searching the active profile with an opened photo.

use tauri::State;
use zhaohuo_core::search::{CallCount, SearchRequest, SearchResult};
use zhaohuo_core::store::SearchId;
use zhaohuo_ipc_macros::command;

use crate::error::CommandResult;
use crate::state::AppState;

#[command]
pub async fn search_photo(request: SearchRequest, state: State<'_, AppState>) -> CommandResult<SearchResult> {
    Ok(state.app.search_photo(request).await?)
}

/// The next page of a search, without offers already shown.
#[command]
pub async fn search_more(search_id: SearchId, state: State<'_, AppState>) -> CommandResult<SearchResult> {
    Ok(state.app.search_more(search_id).await?)
}

/// Stops the search in flight; it answers with a `search.cancelled` error.
#[command]
pub fn cancel_search(state: State<'_, AppState>) {
    state.app.cancel_search();
}

/// Today's API calls of the active profile against its daily quota.
#[command]
pub async fn count_calls(state: State<'_, AppState>) -> CommandResult<CallCount> {
    Ok(state.app.count_calls().await?)
}
