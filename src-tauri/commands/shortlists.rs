//! Shortlists: named lists of offers and suppliers the buyer comes back to.

use tauri::State;
use zhaohuo_core::store::{ItemId, ItemRef, Shortlist, ShortlistDetail, ShortlistId};
use zhaohuo_ipc_macros::command;

use crate::error::CommandResult;
use crate::state::AppState;

#[command]
pub async fn list_shortlists(state: State<'_, AppState>) -> CommandResult<Vec<Shortlist>> {
    Ok(state.app.list_shortlists().await?)
}

#[command]
pub async fn create_shortlist(name: String, state: State<'_, AppState>) -> CommandResult<Shortlist> {
    Ok(state.app.create_shortlist(&name).await?)
}

#[command]
pub async fn add_to_shortlist(
    list: ShortlistId,
    item: ItemRef,
    note: String,
    state: State<'_, AppState>,
) -> CommandResult<ItemId> {
    Ok(state.app.add_to_shortlist(list, item, &note).await?)
}

#[command]
pub async fn open_shortlist(id: ShortlistId, state: State<'_, AppState>) -> CommandResult<ShortlistDetail> {
    Ok(state.app.open_shortlist(id).await?)
}

#[command]
pub async fn remove_shortlist_item(item: ItemId, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.remove_shortlist_item(item).await?)
}

#[command]
pub async fn delete_shortlist(id: ShortlistId, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.delete_shortlist(id).await?)
}

#[command]
pub async fn rename_shortlist(id: ShortlistId, name: String, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.rename_shortlist(id, &name).await?)
}

#[command]
pub async fn set_shortlist_notes(id: ShortlistId, notes: String, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.set_shortlist_notes(id, &notes).await?)
}

#[command]
pub async fn set_item_note(item: ItemId, note: String, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.set_item_note(item, &note).await?)
}

/// Moves an item to the end of another list.
#[command]
pub async fn move_shortlist_item(item: ItemId, to: ShortlistId, state: State<'_, AppState>) -> CommandResult<()> {
    Ok(state.app.move_shortlist_item(item, to).await?)
}
