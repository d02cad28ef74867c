//! Zhaohuo's GUI-free facade. Data flows one way:
//! photo → [`photo`] (prepared image) → [`providers`] (signed request → offers)
//! → [`store`] (history, shortlists) → the UI. [`App`] owns the pieces and
//! [`search`] runs the steps; nothing here knows about Tauri, so the app shell
//! and tests drive the same code.

pub mod app;
pub mod connection;
mod demo;
pub mod error;
pub mod export;
pub mod links;
pub mod photo_link;
pub mod photos;
pub mod profiles;
pub mod search;
pub mod signin;

pub use app::{App, AppInfo};
pub use error::Error;
pub use zhaohuo_photo as photo;
pub use zhaohuo_providers as providers;
pub use zhaohuo_sandbox as sandbox;
pub use zhaohuo_secrets as secrets;
pub use zhaohuo_store as store;
pub use zhaohuo_types as types;
pub use zhaohuo_types::{ErrorKind, ErrorPayload, Kind, Sensitive};
