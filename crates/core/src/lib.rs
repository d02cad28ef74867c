//! Zhaohuo's GUI-free facade. Data flows one way:
//! photo → [`photo`] (prepared image) → [`providers`] (signed request → offers)
//! → [`store`] (history, shortlists) → the UI. [`search`] joins the steps.
//! Nothing here knows about Tauri, so the app, the CLI and the sandbox share it.

pub mod error;
pub mod search;

pub use error::Error;
pub use zhaohuo_photo as photo;
pub use zhaohuo_providers as providers;
pub use zhaohuo_secrets as secrets;
pub use zhaohuo_store as store;
pub use zhaohuo_types as types;
pub use zhaohuo_types::{ErrorKind, Sensitive};
