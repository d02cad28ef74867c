//! The stable names of every error the UI can meet, as one enum on the Rust side
//! and (through ts-rs) one string-literal union on the TypeScript side, so a
//! kind renamed or removed here stops the UI from type-checking where it
//! still names the old one.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stable, machine-readable name for an error, plus an optional hint for people.
/// Every crate's error implements it, so the UI gets `{kind, message, hint}`.
pub trait ErrorKind {
    /// Which error this is, for the UI to switch on.
    fn kind(&self) -> Kind;
    /// What the buyer can do about it, when there is something to say.
    fn hint(&self) -> Option<String> {
        None
    }
}

/// An error as the UI receives it: `{kind, message, hint}`. `kind` reaches
/// TypeScript as the union of every [`Kind`]'s dotted name, so the UI's
/// comparisons are checked. Typed errors carry no secrets (provider text in
/// them has been through the redactor), so the message may be shown and logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErrorPayload {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

impl ErrorPayload {
    pub fn of<E: ErrorKind + fmt::Display + ?Sized>(error: &E) -> Self {
        ErrorPayload { kind: error.kind(), message: error.to_string(), hint: error.hint() }
    }
}

/// Declares [`Kind`] from one `Variant = "wire.text"` list, so the serde name,
/// [`Kind::as_str`] and [`Kind::ALL`] cannot disagree.
macro_rules! kinds {
    ($( $(#[doc = $doc:literal])* $variant:ident = $text:literal, )*) => {
        /// Every error kind, serialised as its dotted name (`photo.too_large`).
        ///
        /// The dotted names are the wire format of `{kind, message, hint}` and
        /// are stored in the history of failed searches, so a name, once
        /// released, is not changed; a kind that goes away is removed here and
        /// the history keeps showing the old text (the store keeps it as text).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum Kind {
            $( $(#[doc = $doc])* #[serde(rename = $text)] $variant, )*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The dotted name, exactly as serde writes it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $text,)*
                }
            }
        }
    };
}

kinds! {
    // Photos (`zhaohuo-photo`, and the core's photo registry).
    /// Recognised, but not a format we decode (HEIC, SVG, PDF, …).
    PhotoUnsupportedFormat = "photo.unsupported_format",
    /// Over a decoding guard limit (bytes or pixels).
    PhotoTooLarge = "photo.too_large",
    /// Truncated, damaged, or not an image at all.
    PhotoCorrupt = "photo.corrupt",
    /// The crop rectangle does not fit the photo.
    PhotoInvalidCrop = "photo.invalid_crop",
    /// The photo cannot be encoded under the API's byte limit.
    PhotoCannotFit = "photo.cannot_fit",
    /// The profile's image spec makes no sense.
    PhotoInvalidSpec = "photo.invalid_spec",
    /// The encoder failed (memory, library fault).
    PhotoEncodeFailed = "photo.encode_failed",
    /// The UI named a photo this run no longer holds.
    PhotoGone = "photo.gone",

    // Providers (`zhaohuo-providers`): what a gateway's reply or the network meant.
    ProviderBadCredentials = "provider.bad_credentials",
    ProviderSignatureInvalid = "provider.signature_invalid",
    ProviderClockSkew = "provider.clock_skew",
    ProviderPermissionDenied = "provider.permission_denied",
    ProviderApiUnsupported = "provider.api_unsupported",
    ProviderIpNotWhitelisted = "provider.ip_not_whitelisted",
    ProviderTokenExpired = "provider.token_expired",
    ProviderRateLimited = "provider.rate_limited",
    ProviderQuotaExhausted = "provider.quota_exhausted",
    ProviderImageRejected = "provider.image_rejected",
    ProviderBadRequest = "provider.bad_request",
    ProviderServerError = "provider.server_error",
    ProviderTimeout = "provider.timeout",
    ProviderNetwork = "provider.network",
    /// Not the provider's data (HTML, bad JSON, a cut-off body).
    ProviderMalformedResponse = "provider.malformed_response",
    ProviderInvalidProfile = "provider.invalid_profile",
    /// Past the profile's reply size limit; reading stopped there.
    ProviderReplyTooLarge = "provider.reply_too_large",
    /// A base URL that would send credentials in clear.
    ProviderInsecureUrl = "provider.insecure_url",
    /// A signed request was redirected to another host or scheme.
    ProviderRedirected = "provider.redirected",
    /// A search parameter the app cannot use (a NaN sort weight, …).
    ProviderInvalidQuery = "provider.invalid_query",
    /// The sign-in with 1688 ended (its refresh token expired or was refused).
    ProviderSignInExpired = "provider.sign_in_expired",
    /// The app's paid API package has no calls left (`gw.NoUsageLeftError`).
    ProviderUsageExhausted = "provider.usage_exhausted",

    // The store (`zhaohuo-store`).
    StoreDatabase = "store.database",
    StoreOpen = "store.open",
    StoreCorrupt = "store.corrupt",
    /// The database was written by a newer Zhaohuo.
    StoreTooNew = "store.too_new",
    StoreBusy = "store.busy",
    StoreDisk = "store.disk",
    StoreMigration = "store.migration",
    StoreNotFound = "store.not_found",
    /// A value the store refuses (a shortlist name's length, …).
    StoreInvalid = "store.invalid",
    /// A credential was about to be written to the settings table.
    StoreSecretInSettings = "store.secret_in_settings",
    StoreWorker = "store.worker",

    // The keychain (`zhaohuo-secrets`).
    /// This build has no keychain backend for the OS.
    SecretsNoNativeStore = "secrets.no_native_store",
    SecretsUnavailable = "secrets.unavailable",
    SecretsLocked = "secrets.locked",
    SecretsNotSet = "secrets.not_set",
    SecretsRejected = "secrets.rejected",
    SecretsCorrupt = "secrets.corrupt",
    SecretsAmbiguous = "secrets.ambiguous",
    SecretsInvalidProfile = "secrets.invalid_profile",
    SecretsEmpty = "secrets.empty",

    // The demo gateway (`zhaohuo-sandbox`, and the core starting it).
    SandboxBindFailed = "sandbox.bind_failed",
    SandboxCredentialsUnreadable = "sandbox.credentials_unreadable",
    SandboxCredentialsInvalid = "sandbox.credentials_invalid",
    /// The app's embedded demo gateway did not start.
    SandboxStart = "sandbox.start",

    // Searches, profiles and links (`zhaohuo-core`).
    /// A newer search or Stop replaced this one; not a failure to show.
    SearchCancelled = "search.cancelled",
    /// "More results" for a search this run no longer holds.
    SearchGone = "search.gone",
    ProfileUnknown = "profile.unknown",
    ProfileBadUrl = "profile.bad_url",
    ProfileMissingCredential = "profile.missing_credential",
    LinkNotOfferPage = "link.not_offer_page",
    // A photo from a link (`zhaohuo-core`'s photo_link).
    LinkBadAddress = "link.bad_address",
    LinkNotHttps = "link.not_https",
    /// The link (or a redirect) points to this computer or a private network.
    LinkPrivateAddress = "link.private_address",
    LinkTooManyRedirects = "link.too_many_redirects",
    LinkTooLarge = "link.too_large",
    LinkNotAnImage = "link.not_an_image",
    LinkTimeout = "link.timeout",
    LinkHttpStatus = "link.http_status",
    LinkUnreachable = "link.unreachable",

    // Exports (`zhaohuo-core`'s export).
    /// The file could not be written (folder, space, a program holding it).
    ExportWrite = "export.write",
    ExportEncode = "export.encode",

    // Signing in with 1688 (`zhaohuo-core`'s sign-in).
    /// Only 1688 Open Platform profiles sign in.
    SigninNotSupported = "signin.not_supported",
    SigninNotStarted = "signin.not_started",
    /// The redirect's `state` belongs to another sign-in.
    SigninStateMismatch = "signin.state_mismatch",
    /// The redirect's `state` is from an earlier or expired sign-in.
    SigninStateStale = "signin.state_stale",
    SigninNoCode = "signin.no_code",
    /// The buyer (or 1688) did not approve.
    SigninDenied = "signin.denied",
    /// The loopback port for the redirect is taken.
    SigninListener = "signin.listener",
    SigninCancelled = "signin.cancelled",
    /// A background task died; the log has the details.
    Internal = "internal",

    // The shell (`src-tauri`): IPC, the clipboard, files and the OS.
    IpcBadBody = "ipc.bad_body",
    ClipboardNoImage = "clipboard.no_image",
    FileNotLocal = "file.not_local",
    FileUnreadable = "file.unreadable",
    OsOpenFailed = "os.open_failed",
}

impl Kind {
    /// The kind with this dotted name; `None` for a name no longer (or never) used,
    /// such as one read from an old history row.
    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with the dotted name, so logs, CLI output and tests that hold the
/// wire text (`"photo.corrupt"`) read as before.
impl PartialEq<&str> for Kind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Kind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Kind> for &str {
    fn eq(&self, other: &Kind) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_kind_round_trips_through_serde_as_its_dotted_name() {
        for &kind in Kind::ALL {
            let json = serde_json::to_string(&kind).expect("serialise");
            assert_eq!(json, format!("\"{}\"", kind.as_str()), "{kind:?}");
            let back: Kind = serde_json::from_str(&json).expect("deserialise");
            assert_eq!(back, kind);
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
    }

    #[test]
    fn names_are_unique_lowercase_and_dotted() {
        let mut seen = HashSet::new();
        for &kind in Kind::ALL {
            let name = kind.as_str();
            assert!(seen.insert(name), "{name} used by two kinds");
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'), "{name}");
            assert!(name == "internal" || name.split('.').count() == 2, "{name}: area.what");
        }
        // ALL is generated from the same list as the enum; this catches a
        // hand-edited enum that grew a variant outside the macro.
        assert_eq!(seen.len(), Kind::ALL.len());
    }

    #[test]
    fn unknown_names_parse_to_none_and_fail_to_deserialise() {
        assert_eq!(Kind::parse("provider.throttled"), None);
        assert!(serde_json::from_str::<Kind>("\"provider.throttled\"").is_err());
    }

    #[test]
    fn the_typescript_type_is_a_union_of_the_dotted_names() {
        let decl = Kind::decl(&ts_rs::Config::default());
        for &kind in Kind::ALL {
            assert!(decl.contains(&format!("\"{}\"", kind.as_str())), "{kind:?} missing from {decl}");
        }
    }
}
