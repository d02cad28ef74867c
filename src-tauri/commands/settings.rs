//! Provider profiles and their credentials. Values go into the keychain; only
//! "is it set?" ever comes back over IPC.

use tauri::State;
use zhaohuo_core::profiles::{CredentialInput, ProfileView};
use zhaohuo_core::secrets::SecretField;
use zhaohuo_ipc_macros::command;

use crate::error::CommandResult;
use crate::state::AppState;

#[command]
pub async fn list_profiles(state: State<'_, AppState>) -> CommandResult<Vec<ProfileView>> {
    Ok(state.app.list_profiles().await?)
}

#[command]
pub async fn set_credential(input: CredentialInput, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.set_credential(input).await?)
}

#[command]
pub async fn clear_credential(profile: String, field: SecretField, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.clear_credential(profile, field).await?)
}

#[command]
pub async fn set_active_profile(id: String, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.set_active_profile(id).await?)
}

/// Points a profile at another gateway, or back at its own with `null`.
#[command]
pub async fn set_profile_base_url(
    profile: String,
    url: Option<String>,
    state: State<'_, AppState>,
) -> CommandResult<()> {
    Ok(state.app.set_profile_base_url(profile, url).await?)
}
