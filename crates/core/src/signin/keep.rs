//! Where a sign-in is kept: the tokens and their ends in the keychain (the
//! signer's only source), and the member id and the ends again in the store's
//! settings as non-secret facts, so Settings can show them without reading
//! the keychain.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use zhaohuo_providers::oauth::{BoxFuture, SinkError};
use zhaohuo_providers::{TokenGrant, TokenSink};
use zhaohuo_secrets::{SecretError, SecretField, SecretStore};
use zhaohuo_store::Store;
use zhaohuo_types::Sensitive;

use crate::Error;

/// The settings key of a profile's sign-in facts (no secret in it: the store
/// refuses keys that look like credentials, and this one holds none).
pub(crate) fn facts_key(profile: &str) -> String {
    format!("sign_in.{profile}")
}

/// The non-secret facts of a sign-in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Facts {
    pub member_id: Option<String>,
    pub access_expires_at_ms: Option<i64>,
    pub refresh_expires_at_ms: Option<i64>,
    pub signed_in_at_ms: i64,
}

impl Facts {
    pub(crate) fn of(grant: &TokenGrant, signed_in_at_ms: i64) -> Self {
        Facts {
            member_id: grant.member_id.clone(),
            access_expires_at_ms: grant.access_expires_at.map(|t| t.timestamp_millis()),
            refresh_expires_at_ms: grant.refresh_expires_at.map(|t| t.timestamp_millis()),
            signed_in_at_ms,
        }
    }
}

/// The token fields a sign-in writes; sign-out clears all of them.
pub(crate) const TOKEN_FIELDS: [SecretField; 4] = [
    SecretField::AccessToken,
    SecretField::RefreshToken,
    SecretField::AccessTokenExpiresAt,
    SecretField::RefreshTokenExpiresAt,
];

fn ms(at: Option<DateTime<Utc>>) -> Option<Sensitive<String>> {
    at.map(|t| Sensitive::new(t.timestamp_millis().to_string()))
}

/// Writes a grant to the keychain, all of it or nothing: a failure part way
/// puts back what was there before. Blocking (the keychain is D-Bus).
pub(crate) fn write_grant(secrets: &dyn SecretStore, profile: &str, grant: &TokenGrant) -> Result<(), Error> {
    let before: Vec<(SecretField, Option<Sensitive<String>>)> =
        TOKEN_FIELDS.iter().map(|f| Ok((*f, read_optional(secrets, profile, *f)?))).collect::<Result<_, Error>>()?;
    let values = [
        (SecretField::AccessToken, Some(grant.access_token.clone())),
        (SecretField::RefreshToken, grant.refresh_token.clone()),
        (SecretField::AccessTokenExpiresAt, ms(grant.access_expires_at)),
        (SecretField::RefreshTokenExpiresAt, ms(grant.refresh_expires_at)),
    ];
    let write = |field: SecretField, value: &Option<Sensitive<String>>| match value {
        Some(v) => secrets.set(profile, field, v.clone()),
        None => secrets.clear(profile, field),
    };
    for (field, value) in &values {
        if let Err(e) = write(*field, value) {
            for (field, old) in &before {
                if let Err(undo) = write(*field, old) {
                    tracing::warn!(%profile, %field, error = %undo, "could not restore a token after a failed write");
                }
            }
            return Err(e.into());
        }
    }
    Ok(())
}

fn read_optional(
    secrets: &dyn SecretStore,
    profile: &str,
    field: SecretField,
) -> Result<Option<Sensitive<String>>, Error> {
    match secrets.get(profile, field) {
        Ok(v) => Ok(Some(v)),
        Err(SecretError::NotSet { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The sign-in kept for `profile`, when it has one (a refresh token or a known
/// end): `None` for a token pasted by hand, which is used as it is.
pub(crate) fn read_grant(secrets: &dyn SecretStore, profile: &str) -> Result<Option<TokenGrant>, Error> {
    let Some(access) = read_optional(secrets, profile, SecretField::AccessToken)? else { return Ok(None) };
    let refresh = read_optional(secrets, profile, SecretField::RefreshToken)?;
    let at = |field| -> Result<Option<DateTime<Utc>>, Error> {
        Ok(read_optional(secrets, profile, field)?
            .and_then(|v| v.expose().trim().parse::<i64>().ok())
            .and_then(DateTime::from_timestamp_millis))
    };
    let access_expires_at = at(SecretField::AccessTokenExpiresAt)?;
    let refresh_expires_at = at(SecretField::RefreshTokenExpiresAt)?;
    if refresh.is_none() && access_expires_at.is_none() {
        return Ok(None);
    }
    Ok(Some(TokenGrant {
        access_token: access,
        access_expires_at,
        refresh_token: refresh,
        refresh_expires_at,
        member_id: None,
        ali_id: None,
        obtained_at: None,
    }))
}

/// Removes every token of `profile` from the keychain. Blocking.
pub(crate) fn clear_tokens(secrets: &dyn SecretStore, profile: &str) -> Result<(), Error> {
    for field in TOKEN_FIELDS {
        secrets.clear(profile, field)?;
    }
    Ok(())
}

/// Keeps renewed tokens where a sign-in keeps them.
pub(crate) struct KeychainSink {
    pub secrets: Arc<dyn SecretStore>,
    pub store: Store,
    pub profile: String,
}

impl TokenSink for KeychainSink {
    fn save(&self, grant: TokenGrant) -> BoxFuture<'static, Result<(), SinkError>> {
        let secrets = Arc::clone(&self.secrets);
        let store = self.store.clone();
        let profile = self.profile.clone();
        Box::pin(async move {
            let facts_before = store.get_setting(&facts_key(&profile)).await?;
            let signed_in_at_ms = facts_before
                .as_ref()
                .and_then(|v| serde_json::from_value::<Facts>(v.clone()).ok())
                .map_or_else(|| Utc::now().timestamp_millis(), |f| f.signed_in_at_ms);
            let mut facts = Facts::of(&grant, signed_in_at_ms);
            if facts.member_id.is_none() {
                facts.member_id =
                    facts_before.and_then(|v| serde_json::from_value::<Facts>(v).ok()).and_then(|f| f.member_id);
            }
            let p = profile.clone();
            tokio::task::spawn_blocking(move || write_grant(secrets.as_ref(), &p, &grant)).await??;
            store.set_setting(&facts_key(&profile), serde_json::to_value(&facts)?).await?;
            Ok(())
        })
    }
}
