//! Searching the active profile with an opened photo.

use tauri::State;
use zhaohuo_core::search::{SearchRequest, SearchResult};

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn search_photo(request: SearchRequest, state: State<'_, AppState>) -> CommandResult<SearchResult> {
    Ok(state.app.search(request).await?)
}
