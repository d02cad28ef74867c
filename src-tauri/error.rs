//! The one error every command returns. It crosses IPC as `{kind, message, hint}`
//! so the UI can switch on `kind` and show `message` and `hint` to the buyer.

use serde::Serialize;
use zhaohuo_core::{ErrorKind, ErrorPayload, Kind};

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
    fn kind(&self) -> Kind {
        match self {
            CommandError::Core(e) => e.kind(),
            CommandError::NotRawBody => Kind::IpcBadBody,
            CommandError::NoClipboardImage => Kind::ClipboardNoImage,
            CommandError::NotAFile => Kind::FileNotLocal,
            CommandError::ReadFile(_) => Kind::FileUnreadable,
            CommandError::OpenBrowser(_) => Kind::OsOpenFailed,
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

impl Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let payload = ErrorPayload { kind: self.kind(), message: self.to_string(), hint: self.hint() };
        // Every failed command crosses IPC through here exactly once, so this is where
        // it is logged: kind and message (typed errors carry no secrets; provider text
        // in them has been through the redactor), never arguments or credentials.
        if payload.kind != Kind::SearchCancelled {
            log::warn!("command failed: {} ({})", payload.kind.as_str(), payload.message);
        }
        payload.serialize(s)
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
