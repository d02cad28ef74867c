//! The one error every command returns. It crosses IPC as `{kind, message, hint}`
//! so the UI can switch on `kind` and show `message` and `hint` to the buyer.

use serde::Serialize;
use ts_rs::TS;
use zhaohuo_core::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Core(#[from] zhaohuo_core::Error),
    #[error("the photo must arrive as the request's raw bytes")]
    NotRawBody,
    #[error("the clipboard holds no image")]
    NoClipboardImage,
    #[error("the picked item is not a local file")]
    NotAFile,
    #[error("the file could not be read: {0}")]
    ReadFile(std::io::Error),
    #[error("the browser could not be opened: {0}")]
    OpenBrowser(#[from] tauri_plugin_opener::Error),
}

impl CommandError {
    fn kind(&self) -> &'static str {
        match self {
            CommandError::Core(e) => e.kind(),
            CommandError::NotRawBody => "ipc.bad_body",
            CommandError::NoClipboardImage => "clipboard.no_image",
            CommandError::NotAFile => "file.not_local",
            CommandError::ReadFile(_) => "file.unreadable",
            CommandError::OpenBrowser(_) => "os.open_failed",
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            CommandError::Core(e) => e.hint(),
            CommandError::NoClipboardImage => Some("Copy an image or take a screenshot, then paste again.".into()),
            CommandError::NotAFile | CommandError::ReadFile(_) => Some("Pick a photo saved on this computer.".into()),
            CommandError::NotRawBody => None,
            CommandError::OpenBrowser(_) => {
                Some("Set a default web browser, or copy the offer id and search 1688 for it.".into())
            }
        }
    }
}

/// What the UI receives when a command fails.
#[derive(Debug, Serialize, TS)]
pub struct ErrorPayload {
    pub kind: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ErrorPayload { kind: self.kind().to_string(), message: self.to_string(), hint: self.hint() }.serialize(s)
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
