//! About the app itself.

use tauri::State;
use zhaohuo_core::AppInfo;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(state.app.info().await)
}
