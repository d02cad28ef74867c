//! About the app itself.

use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use zhaohuo_core::AppInfo;
use zhaohuo_ipc_macros::command;

use crate::error::CommandResult;
use crate::state::AppState;

#[command]
pub async fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(state.app.app_info().await)
}

/// Opens an offer's 1688 page in the buyer's browser (only https pages on 1688.com).
#[command]
pub fn open_offer_page(url: String, app: AppHandle) -> CommandResult<()> {
    let url = zhaohuo_core::links::offer_page(&url)?;
    Ok(app.opener().open_url(url, None::<&str>)?)
}
