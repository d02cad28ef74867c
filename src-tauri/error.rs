//! The one error every command returns. It crosses IPC as `{kind, message, hint}`
//! so the UI can switch on `kind` and show `message` and `hint` to the buyer.

use serde::Serialize;
use ts_rs::TS;
use zhaohuo_core::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Core(#[from] zhaohuo_core::Error),
}

/// What the UI receives when a command fails.
#[derive(Debug, Serialize, TS)]
pub struct ErrorPayload {
    pub kind: String,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&CommandError> for ErrorPayload {
    fn from(err: &CommandError) -> Self {
        match err {
            CommandError::Core(e) => ErrorPayload {
                kind: e.kind().to_string(),
                message: e.to_string(),
                hint: e.hint(),
            },
        }
    }
}

impl Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ErrorPayload::from(self).serialize(s)
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
