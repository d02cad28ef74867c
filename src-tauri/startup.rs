//! A start that explains itself. When the app cannot open its data folder, its
//! database (corrupt, locked, written by a newer version) or the keychain, the buyer
//! gets a native dialog with what failed, what to do and the paths involved, and the
//! same goes to the log — not a panic in `setup` and a window that never appears.
//! Every panic is logged with a backtrace to the log file the hints point to.

use std::fmt::Write as _;
use std::path::PathBuf;

use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};
use zhaohuo_core::ErrorKind;

use crate::state::AppState;

/// Why the app could not start, with the paths the buyer may need to look at.
pub struct StartupFailure {
    pub kind: String,
    pub message: String,
    pub hint: Option<String>,
    pub paths: Vec<(&'static str, PathBuf)>,
}

impl StartupFailure {
    fn text(&self) -> String {
        let mut text = self.message.clone();
        if let Some(hint) = &self.hint {
            let _ = write!(text, "\n\n{hint}");
        }
        for (what, path) in &self.paths {
            let _ = write!(text, "\n{what}: {}", path.display());
        }
        text
    }
}

/// Logs every panic, with where and a backtrace, before the default hook prints it.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let backtrace = std::backtrace::Backtrace::force_capture();
        log::error!("panic: {info}\n{backtrace}");
        default(info);
    }));
}

/// Opens the data folder, the store and the keychain, and starts the core.
pub fn start(app: &AppHandle) -> Result<AppState, StartupFailure> {
    let log_dir = app.path().app_log_dir().unwrap_or_default();
    let data_dir = app.path().app_data_dir().map_err(|err| StartupFailure {
        kind: "startup.no_data_dir".into(),
        message: format!("The app's data folder could not be found: {err}"),
        hint: Some("Set HOME (or XDG_DATA_HOME) to a folder you can write to, then start Zhaohuo again.".into()),
        paths: vec![("Log", log_dir.clone())],
    })?;
    std::fs::create_dir_all(&data_dir).map_err(|err| StartupFailure {
        kind: "startup.data_dir".into(),
        message: format!("The data folder could not be created or opened: {err}"),
        hint: Some("Check that the folder exists and that you may write to it, or free some disk space.".into()),
        paths: vec![("Data folder", data_dir.clone()), ("Log", log_dir.clone())],
    })?;
    // A build whose keychain backend would keep nothing (keyring's mock) is refused
    // here, before the buyer types a secret that would silently vanish.
    let keychain = zhaohuo_core::secrets::KeyringStore::open().map_err(|err| StartupFailure {
        kind: err.kind().as_str().to_string(),
        message: err.to_string(),
        hint: err.hint(),
        paths: vec![("Log", log_dir.clone())],
    })?;
    let secrets = std::sync::Arc::new(keychain);
    let core =
        tauri::async_runtime::block_on(zhaohuo_core::App::start(&data_dir, secrets)).map_err(|err| StartupFailure {
            kind: err.kind().as_str().to_string(),
            message: err.to_string(),
            hint: err.hint(),
            paths: vec![
                ("Database", data_dir.join(zhaohuo_core::app::DB_FILE)),
                ("Data folder", data_dir.clone()),
                ("Log", log_dir.clone()),
            ],
        })?;
    Ok(AppState { app: core })
}

/// Logs the failure, hides the main window and shows a native dialog; the app
/// quits when the buyer closes it.
pub fn report(app: &AppHandle, failure: StartupFailure) {
    log::error!("the app could not start ({}): {}", failure.kind, failure.text());
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
    let handle = app.clone();
    app.dialog()
        .message(failure.text())
        .title("Zhaohuo could not start")
        .kind(MessageDialogKind::Error)
        .buttons(MessageDialogButtons::Ok)
        .show(move |_| handle.exit(1));
}
