//! About the app itself.

use tauri::State;
use zhaohuo_core::app::AppInfo;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(state.info.clone())
}
