//! IPC commands, grouped by domain. Each is a few lines that call `zhaohuo_core`.

pub mod app;

/// The invoke handler for every command in `names.rs`.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![app::app_info]
}
