//! Getting a photo in: dropped or pasted bytes from the webview, the clipboard
//! read on the Rust side, or a file picked in a native dialog. All end in the
//! same `App::load_photo`; the webview never sees a file path.

use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;
use zhaohuo_core::photos::{LoadedPhoto, Original};
use zhaohuo_ipc_macros::command;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// The photo's file bytes arrive as the raw request body (no JSON, no base64).
#[command]
pub async fn load_photo(request: Request<'_>, state: State<'_, AppState>) -> CommandResult<LoadedPhoto> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::NotRawBody);
    };
    Ok(state.app.load_photo(Original::Encoded(bytes.clone())).await?)
}

/// Reads an image from the system clipboard (screenshots arrive as pixels).
#[command]
pub async fn paste_photo(app: AppHandle, state: State<'_, AppState>) -> CommandResult<LoadedPhoto> {
    let image = app.clipboard().read_image().map_err(|_| CommandError::NoClipboardImage)?;
    // Checked before the pixels are copied: a huge capture is refused, not held twice.
    let original = Original::from_pixels(image.width(), image.height(), image.rgba())?;
    Ok(state.app.load_photo(original).await?)
}

/// Downloads the picture an image address points to (text pasted, or a link
/// dropped from a browser): https only, size-capped, no private addresses.
#[command]
pub async fn load_photo_url(url: String, state: State<'_, AppState>) -> CommandResult<LoadedPhoto> {
    Ok(state.app.load_photo_url(url).await?)
}

/// Opens a native file dialog; `None` when the buyer cancels.
#[command]
pub async fn open_photo(app: AppHandle, state: State<'_, AppState>) -> CommandResult<Option<LoadedPhoto>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Open a product photo")
        .add_filter("Photos", &["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"])
        .pick_file(move |picked| {
            let _ = tx.send(picked);
        });
    let Some(picked) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = picked.into_path().map_err(|_| CommandError::NotAFile)?;
    let size = tokio::fs::metadata(&path).await.map_err(CommandError::ReadFile)?.len();
    Original::check_file_size(size)?;
    let bytes = tokio::fs::read(&path).await.map_err(CommandError::ReadFile)?;
    Ok(Some(state.app.load_photo(Original::Encoded(bytes)).await?))
}
