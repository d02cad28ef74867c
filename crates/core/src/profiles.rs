//! Provider profiles the buyer can pick, which one is active, and whether its
//! credentials are saved (never their values).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_providers::{Credentials, ProviderProfile};
use zhaohuo_secrets::{CredentialStatus, SecretField, SecretStore};

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

/// What the UI sends to save one credential. The value goes straight to the keychain.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CredentialInput {
    pub profile: String,
    pub field: SecretField,
    pub value: String,
}

/// The settings key holding the active profile's id.
pub const ACTIVE_PROFILE_KEY: &str = "active_profile";

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

/// Every profile: the demo (when its gateway runs) and the built-in ones.
pub fn all(demo_url: Option<&str>) -> Vec<ProviderProfile> {
    let mut profiles = Vec::new();
    if let Some(url) = demo_url {
        profiles.push(ProviderProfile::demo(url));
    }
    profiles.extend(zhaohuo_providers::builtin_profiles());
    profiles
}

pub fn find(demo_url: Option<&str>, id: &str) -> Result<ProviderProfile, Error> {
    all(demo_url).into_iter().find(|p| p.id == id).ok_or_else(|| Error::UnknownProfile(id.to_string()))
}

pub fn is_demo(id: &str) -> bool {
    id == DEMO_PROFILE
}
