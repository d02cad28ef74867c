//! Provider profiles the buyer can pick, which one is active, and whether its
//! credentials are saved (never their values).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_providers::{Credentials, ProviderProfile};
use zhaohuo_secrets::{CredentialStatus, SecretField, SecretStore};
use zhaohuo_types::Sensitive;

use crate::demo::DEMO_PROFILE;
use crate::Error;

/// A profile as the Settings screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    pub id: String,
    pub label: String,
    pub base_url: String,
    pub active: bool,
    pub credentials: CredentialStatus,
}

/// What the UI sends to save one credential. The value arrives wrapped and
/// goes straight to the keychain.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CredentialInput {
    pub profile: String,
    pub field: SecretField,
    #[ts(type = "string")]
    pub value: Sensitive<String>,
}

/// The settings key holding the active profile's id.
pub const ACTIVE_PROFILE_KEY: &str = "active_profile";

/// The settings key holding base-URL overrides, `{profileId: url}`: a proxy,
/// another region, or a local sandbox instead of the provider's own gateway.
pub const BASE_URLS_KEY: &str = "profile_base_urls";

/// A base URL as typed in Settings for `profile`, checked: `http(s)://host[:port][/path]`,
/// no query or fragment, no trailing slash; and, by the same rule the client
/// applies before it sends anything, https or http to this computer only, so
/// the buyer hears it when saving, not at the first search.
pub fn check_base_url(profile: &str, url: &str) -> Result<String, Error> {
    let url = url.trim().trim_end_matches('/');
    let ok = crate::links::web_url(url).is_some_and(|u| u.query().is_none() && u.fragment().is_none());
    if !ok {
        return Err(Error::InvalidBaseUrl(url.chars().take(80).collect()));
    }
    zhaohuo_providers::limits::check_base_url(profile, url)?;
    Ok(url.to_string())
}

/// Reads a profile's credentials for the signer. Blocking (the keychain is D-Bus).
pub fn credentials(secrets: &dyn SecretStore, profile: &str) -> Result<Credentials, Error> {
    let need = |field: SecretField| {
        secrets.get(profile, field).map_err(|e| match e {
            zhaohuo_secrets::SecretError::NotSet { .. } => {
                Error::MissingCredential { profile: profile.to_string(), field: field.as_str() }
            }
            other => Error::Secrets(other),
        })
    };
    let app_key = need(SecretField::AppKey)?;
    let app_secret = need(SecretField::AppSecret)?;
    let access_token = match secrets.get(profile, SecretField::AccessToken) {
        Ok(token) => Some(token),
        Err(zhaohuo_secrets::SecretError::NotSet { .. }) => None,
        Err(other) => return Err(Error::Secrets(other)),
    };
    Ok(Credentials { app_key: app_key.expose().clone(), app_secret, access_token })
}

/// Every profile: the demo (when its gateway runs) and the built-in ones, with
/// the buyer's base-URL overrides applied (never to the demo, whose port is
/// this run's).
pub fn all(
    demo_url: Option<&str>,
    base_urls: &BTreeMap<String, String>,
    custom: &[ProviderProfile],
) -> Vec<ProviderProfile> {
    let mut profiles = Vec::new();
    if let Some(url) = demo_url {
        profiles.push(ProviderProfile::demo(url));
    }
    let others = zhaohuo_providers::builtin_profiles().into_iter().chain(custom.iter().cloned());
    profiles.extend(others.map(|p| match base_urls.get(&p.id) {
        Some(url) => p.with_base_url(url.clone()),
        None => p,
    }));
    profiles
}

pub fn find(
    demo_url: Option<&str>,
    base_urls: &BTreeMap<String, String>,
    custom: &[ProviderProfile],
    id: &str,
) -> Result<ProviderProfile, Error> {
    all(demo_url, base_urls, custom)
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| Error::UnknownProfile(id.to_string()))
}

/// The folder (inside the app's data folder) whose `*.json` files each hold one
/// more profile: another gateway of a known family, described as data.
pub const CUSTOM_PROFILES_DIR: &str = "profiles";

/// Reads the custom profiles. A file that does not parse, or reuses a built-in
/// id, is skipped with a warning naming it: one bad file must not stop the app.
pub fn load_custom(dir: &Path) -> Vec<ProviderProfile> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let builtin: Vec<String> = zhaohuo_providers::builtin_profiles().into_iter().map(|p| p.id).collect();
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut custom: Vec<ProviderProfile> = Vec::new();
    for path in paths {
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<ProviderProfile>(&text).map_err(|e| e.to_string()));
        match parsed {
            Ok(p) if is_demo(&p.id) || builtin.contains(&p.id) || custom.iter().any(|c| c.id == p.id) => {
                tracing::warn!(file = %path.display(), id = %p.id, "skipped a custom profile: its id is taken");
            }
            Ok(p) => custom.push(p),
            Err(reason) => {
                tracing::warn!(file = %path.display(), %reason, "skipped a custom profile that does not parse")
            }
        }
    }
    custom
}

pub fn is_demo(id: &str) -> bool {
    id == DEMO_PROFILE
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhaohuo_types::ErrorKind;

    #[test]
    fn base_urls_are_checked_and_tidied() {
        let check = |url| check_base_url("p", url);
        assert_eq!(check(" https://gw.open.1688.com/ ").unwrap(), "https://gw.open.1688.com");
        assert_eq!(check("http://127.0.0.1:8688").unwrap(), "http://127.0.0.1:8688");
        assert_eq!(check("https://proxy.local/1688").unwrap(), "https://proxy.local/1688");
        for bad in ["", "gw.open.1688.com", "ftp://x", "https://", "https://a b", "https://x?y=1", "https://user@x"] {
            assert_eq!(check(bad).unwrap_err().kind(), "profile.bad_url", "{bad:?}");
        }
        // Plain http off this computer would carry keys in clear: refused when saved.
        let err = check("http://proxy.local/1688").unwrap_err();
        assert_eq!(err.kind(), "provider.insecure_url");
        assert!(err.hint().is_some_and(|h| !h.is_empty()));
    }

    #[test]
    fn overrides_apply_to_built_in_profiles_only() {
        let mut urls = BTreeMap::new();
        urls.insert("offer-match".to_string(), "http://127.0.0.1:9".to_string());
        urls.insert("demo".to_string(), "http://elsewhere".to_string());
        let profiles = all(Some("http://127.0.0.1:5"), &urls, &[]);
        let url = |id: &str| profiles.iter().find(|p| p.id == id).map(|p| p.base_url.clone()).unwrap();
        assert_eq!(url("offer-match"), "http://127.0.0.1:9");
        assert_eq!(url("demo"), "http://127.0.0.1:5");
        assert_ne!(url("1688-open"), "http://127.0.0.1:9");
    }
}
