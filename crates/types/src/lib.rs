//! Types every Zhaohuo crate and the UI share: the normalised offer model, the
//! [`ErrorKind`] contract for typed errors, and [`Sensitive`] for secrets.

mod error_kind;
pub mod model;
mod sensitive;

pub use error_kind::ErrorKind;
pub use model::*;
pub use sensitive::Sensitive;
