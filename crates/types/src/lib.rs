//! Types every Zhaohuo crate and the UI share: the normalised offer model, the
//! [`ErrorKind`] contract and the [`Kind`] of every error, and [`Sensitive`] for secrets.

mod error_kind;
mod image_spec;
pub mod model;
mod sensitive;

pub use error_kind::{ErrorKind, ErrorPayload, Kind};
pub use image_spec::{ImageFormat, ImageSpec};
pub use model::*;
pub use sensitive::Sensitive;
