//! A wrapper for secrets so they cannot leak through `Debug`, `Display` or serde.

use std::fmt;

use zeroize::Zeroize;

/// Holds a secret (App Secret, token). Prints `<redacted>` and does not
/// implement `Serialize` at all, so no IPC reply, log record or database row
/// can carry one by accident; the only way out is [`Sensitive::expose`], which
/// the signer and the secret store call. It can be *deserialised*, so a
/// secret typed in Settings arrives wrapped.
///
/// ```compile_fail
/// // A secret cannot be serialised: this does not compile.
/// let s = zhaohuo_types::Sensitive::new("app-secret".to_string());
/// let _ = serde_json::to_string(&s);
/// ```
///
/// Dropping one overwrites the value with zeros ([`Zeroize`]), so a secret
/// read from the keychain does not linger in freed memory for a crash dump,
/// swap or the next allocation to find. Copies made with `expose().clone()`
/// are plain values and are not covered.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The raw value. Call sites should be the signer and the secret store only.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T: Zeroize> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de, T: serde::Deserialize<'de> + Zeroize> serde::Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Sensitive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_secret() {
        let s = Sensitive::new("hunter2-secret".to_string());
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.expose(), "hunter2-secret");
    }

    /// Records whether it was zeroized, and what it held at that moment.
    #[derive(Clone, Default)]
    struct Probe {
        value: String,
        wiped: std::sync::Arc<std::sync::Mutex<Option<String>>>,
    }

    impl Zeroize for Probe {
        fn zeroize(&mut self) {
            self.value.zeroize();
            if let Ok(mut w) = self.wiped.lock() {
                *w = Some(self.value.clone());
            }
        }
    }

    #[test]
    fn dropping_zeroizes_the_value() {
        let probe = Probe { value: "app-secret-1234".into(), ..Probe::default() };
        let wiped = std::sync::Arc::clone(&probe.wiped);
        let s = Sensitive::new(probe);
        assert!(wiped.lock().map(|w| w.is_none()).unwrap_or(false));
        drop(s);
        assert_eq!(wiped.lock().ok().and_then(|w| w.clone()).as_deref(), Some(""), "zeroized on drop");
    }

    #[test]
    fn arrives_wrapped_from_json() {
        let s: Sensitive<String> = serde_json::from_str("\"typed-in-settings\"").expect("a JSON string");
        assert_eq!(s.expose(), "typed-in-settings");
        assert_eq!(format!("{s:?}"), "<redacted>");
    }
}
