/// A stable, machine-readable name for an error, plus an optional hint for people.
/// Every crate's error implements it, so the UI gets `{kind, message, hint}`.
pub trait ErrorKind {
    /// Stable identifier such as `photo.too_large` or `provider.rate_limited`.
    fn kind(&self) -> &'static str;
    /// What the buyer can do about it, when there is something to say.
    fn hint(&self) -> Option<String> {
        None
    }
}
