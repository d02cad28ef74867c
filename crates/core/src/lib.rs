//! Zhaohuo's GUI-free facade. Data flows one way:
//! photo → [`photo`] (prepared image) → [`providers`] (signed request → offers)
//! → [`store`] (history, shortlists) → the UI. [`search`] joins the steps.
//! Nothing here knows about Tauri, so the app, the CLI and the sandbox share it.

pub mod app;
pub mod error;
pub mod search;

pub use error::Error;
pub use zhaohuo_types as types;
pub use zhaohuo_types::{ErrorKind, Sensitive};
