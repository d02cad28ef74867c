//! The Tauri shell: builds the window, registers plugins and commands, and
//! hands every request to `zhaohuo_core`. No business logic lives here.

mod commands;
mod error;
mod startup;
mod state;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod capabilities;

use tauri::Manager;

pub fn run() {
    startup::install_panic_hook();
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
            match startup::start(app.handle()) {
                Ok(state) => {
                    app.manage(state);
                    let handle = app.handle().clone();
                    tauri::async_runtime::spawn(async move { handle.state::<state::AppState>().app.warm_up().await });
                }
                Err(failure) => startup::report(app.handle(), failure),
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("zhaohuo: the app could not start: {err}");
            std::process::exit(1);
        });
}
