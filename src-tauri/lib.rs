//! The Tauri shell: builds the window, registers plugins and commands, and
//! hands every request to `zhaohuo_core`. No business logic lives here.

mod commands;
mod error;
mod state;

#[cfg(test)]
mod bindings;

use tauri::Manager;

pub fn run() {
    tauri::Builder::default()
        // Must be first: a second launch focuses the running window instead.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_log::Builder::new().level(log::LevelFilter::Info).build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            std::fs::create_dir_all(&data_dir)?;
            let secrets = std::sync::Arc::new(zhaohuo_core::secrets::KeyringStore::new());
            let core = tauri::async_runtime::block_on(zhaohuo_core::App::start(&data_dir, secrets))?;
            app.manage(state::AppState { app: core });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { handle.state::<state::AppState>().app.warm_up().await });
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("zhaohuo: the app could not start: {err}");
            std::process::exit(1);
        });
}
