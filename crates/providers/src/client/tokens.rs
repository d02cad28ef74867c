//! The signed-in buyer's AOP tokens: exchanged from an authorization code,
//! renewed when under 30 minutes remain and once after a token-expired reply,
//! and the refresh token postponed when it nears its own end. A token pasted
//! by hand is used as it is, never renewed.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use chrono::Utc;

use super::{Called, ProviderClient};
use crate::error::{Fault, ProviderError};
use crate::oauth::{self, GrantRequest, TokenAction, TokenGrant, TokenSink};
use crate::parse::{HttpReply, Redactor};
use crate::query::Credentials;
use crate::request::PreparedRequest;

impl ProviderClient {
    /// Uses a sign-in's tokens for this profile's AOP calls from now on;
    /// renewed tokens are handed to `sink` to be kept.
    pub async fn use_sign_in(&self, grant: TokenGrant, sink: Option<Arc<dyn TokenSink>>) {
        self.learn_secrets(&grant);
        if let Ok(mut slot) = self.inner.sink.lock() {
            *slot = sink;
        }
        *self.inner.sign_in.lock().await = Some(grant);
    }

    /// The tokens in use after any renewals (for tests and diagnostics; its
    /// `Debug` shows no token).
    pub async fn sign_in(&self) -> Option<TokenGrant> {
        self.inner.sign_in.lock().await.clone()
    }

    /// Exchanges an authorization code for tokens (`grant_type=authorization_code`,
    /// `need_refresh_token=true`). The grant is returned, not installed: the
    /// caller keeps it first, so a failure leaves nothing half stored.
    pub async fn exchange_code(&self, code: &str, redirect_uri: &str) -> Result<TokenGrant, ProviderError> {
        let profile = &self.inner.profile;
        let creds = &self.inner.credentials;
        let got = self
            .call(
                || Ok(oauth::token_request(profile, creds, GrantRequest::Code { code, redirect_uri })),
                |r: &HttpReply, red: &Redactor| oauth::parse_grant(profile, r, red, Utc::now()),
            )
            .await
            .map_err(|e| sign_in_failure(e, &profile.id))?;
        self.learn_secrets(&got.value);
        Ok(got.value)
    }

    fn learn_secrets(&self, grant: &TokenGrant) {
        if let Ok(mut red) = self.inner.redactor.lock() {
            red.add(grant.access_token.expose());
            if let Some(t) = &grant.refresh_token {
                red.add(t.expose());
            }
        }
    }

    /// One AOP call with the current access token: renewed first when under
    /// 30 minutes remain, and once more after a token-expired reply, after
    /// which the call is repeated once.
    pub(super) async fn aop_call<T>(
        &self,
        build: impl Fn(&Credentials) -> Result<PreparedRequest, ProviderError>,
        parse: impl Fn(&HttpReply, &Redactor) -> Result<T, ProviderError>,
    ) -> Result<Called<T>, ProviderError> {
        let Some(creds) = self.aop_credentials(None).await? else {
            return Err(ProviderError::TokenExpired(Fault {
                profile: self.inner.profile.id.clone(),
                detail: "no access token".into(),
                ..Fault::default()
            }));
        };
        match self.call(|| build(&creds.value), &parse).await {
            Ok(mut ok) => {
                ok.calls += creds.calls;
                Ok(ok)
            }
            Err(ProviderError::TokenExpired(fault)) => {
                let used = creds.value.access_token.as_ref().map(|t| t.expose().clone()).unwrap_or_default();
                let Some(fresh) = self.aop_credentials(Some(&used)).await? else {
                    return Err(ProviderError::TokenExpired(fault));
                };
                let mut again = self.call(|| build(&fresh.value), &parse).await?;
                again.calls += creds.calls + fresh.calls + 1;
                Ok(again)
            }
            Err(e) => Err(e),
        }
    }

    /// Credentials for an AOP call. `failed` is the token a reply just called
    /// expired: then a renewed token is returned (or the one another call
    /// renewed meanwhile), or `None` when it cannot be renewed.
    async fn aop_credentials(&self, failed: Option<&str>) -> Result<Option<Called<Credentials>>, ProviderError> {
        let mut slot = self.inner.sign_in.lock().await;
        let Some(mut current) = slot.clone() else {
            // A token from Settings without a sign-in: used as it is.
            return Ok(failed.is_none().then(|| Called { value: self.inner.credentials.clone(), calls: 0 }));
        };
        let now = Utc::now();
        let renew = match failed {
            Some(token) if token != current.access_token.expose() => false,
            Some(_) if !current.can_refresh(now) => return Ok(None),
            Some(_) => true,
            None => match oauth::plan(&current, now) {
                TokenAction::Use => false,
                TokenAction::Refresh => true,
                TokenAction::SignInAgain => {
                    return Err(ProviderError::SignInExpired(Fault {
                        profile: self.inner.profile.id.clone(),
                        detail: "the access token has expired and the sign-in cannot renew it".into(),
                        ..Fault::default()
                    }))
                }
            },
        };
        let mut calls = 0;
        if renew {
            let renewed = self.renew(&current).await?;
            calls += renewed.calls;
            current = renewed.value;
            *slot = Some(current.clone());
            self.keep(&current).await;
        }
        if oauth::wants_postpone(&current, now) && !self.inner.postponed.swap(true, Ordering::SeqCst) {
            match self.postpone(&current).await {
                Ok(postponed) => {
                    calls += postponed.calls;
                    current = postponed.value;
                    *slot = Some(current.clone());
                    self.keep(&current).await;
                }
                // The refresh token still works for a while: try again next run.
                Err(e) => tracing::warn!(profile = %self.inner.profile.id, error = %e, "postponeToken failed"),
            }
        }
        let mut creds = self.inner.credentials.clone();
        creds.access_token = Some(current.access_token.clone());
        Ok(Some(Called { value: creds, calls }))
    }

    /// `grant_type=refresh_token`.
    async fn renew(&self, grant: &TokenGrant) -> Result<Called<TokenGrant>, ProviderError> {
        let profile = &self.inner.profile;
        let creds = &self.inner.credentials;
        let Some(refresh) = &grant.refresh_token else {
            return Err(ProviderError::SignInExpired(Fault {
                profile: profile.id.clone(),
                detail: "no refresh token".into(),
                ..Fault::default()
            }));
        };
        let got = self
            .call(
                || Ok(oauth::token_request(profile, creds, GrantRequest::Refresh { refresh_token: refresh.expose() })),
                |r: &HttpReply, red: &Redactor| oauth::parse_grant(profile, r, red, Utc::now()),
            )
            .await
            .map_err(|e| sign_in_failure(e, &profile.id))?;
        self.learn_secrets(&got.value);
        tracing::info!(profile = %profile.id, "access token renewed");
        Ok(Called { value: grant.renewed_by(got.value), calls: got.calls })
    }

    /// `system.oauth2/postponeToken`: a later end for the refresh token. The
    /// reply's shape is that of `getToken` (third-party code); a reply without
    /// a new `refresh_token_timeout` changes nothing.
    async fn postpone(&self, grant: &TokenGrant) -> Result<Called<TokenGrant>, ProviderError> {
        let profile = &self.inner.profile;
        let creds = &self.inner.credentials;
        let refresh = grant.refresh_token.as_ref().map(|t| t.expose().as_str()).unwrap_or_default();
        let access = grant.access_token.expose();
        let got = self
            .call(
                || {
                    Ok(oauth::token_request(
                        profile,
                        creds,
                        GrantRequest::Postpone { refresh_token: refresh, access_token: access },
                    ))
                },
                |r: &HttpReply, red: &Redactor| {
                    let v = crate::parse::checked(profile, r, red)?;
                    let mut next = grant.clone();
                    if let Some(t) = v.get("refresh_token").and_then(crate::normalize::as_text) {
                        next.refresh_token = Some(zhaohuo_types::Sensitive::new(t));
                    }
                    if let Some(t) = v.get("access_token").and_then(crate::normalize::as_text) {
                        next.access_token = zhaohuo_types::Sensitive::new(t);
                    }
                    if let Some(end) = v.get("refresh_token_timeout").and_then(oauth::parse_timeout) {
                        next.refresh_expires_at = Some(end);
                    }
                    Ok(next)
                },
            )
            .await?;
        self.learn_secrets(&got.value);
        tracing::info!(profile = %profile.id, "refresh token postponed");
        Ok(got)
    }

    /// Hands renewed tokens to the sink; a sink failure is logged, and the
    /// token in memory keeps this run working.
    async fn keep(&self, grant: &TokenGrant) {
        let sink = self.inner.sink.lock().ok().and_then(|s| s.clone());
        if let Some(sink) = sink {
            if let Err(e) = sink.save(grant.clone()).await {
                tracing::warn!(profile = %self.inner.profile.id, error = %e, "renewed tokens could not be kept");
            }
        }
    }
}

/// A failed code exchange or refresh. Transient failures stay what they are
/// (the next try may work); so do key, secret, signature, clock, quota and
/// transport-safety failures (a redirect, plain http, a reply too large or
/// unreadable: signing in again would not help, and the buyer must see the
/// real cause). What the token endpoint refused about the grant itself means
/// the sign-in is over. Exhaustive, so a new error kind has to be placed.
fn sign_in_failure(e: ProviderError, profile: &str) -> ProviderError {
    match e {
        ProviderError::RateLimited { .. }
        | ProviderError::ServerError(_)
        | ProviderError::Timeout { .. }
        | ProviderError::Network { .. }
        | ProviderError::BadCredentials(_)
        | ProviderError::SignatureInvalid(_)
        | ProviderError::ClockSkew(_)
        | ProviderError::IpNotWhitelisted(_)
        | ProviderError::QuotaExhausted(_)
        | ProviderError::UsageExhausted(_)
        | ProviderError::InvalidProfile { .. }
        | ProviderError::ApiUnsupported(_)
        | ProviderError::MalformedResponse(_)
        | ProviderError::ReplyTooLarge { .. }
        | ProviderError::InsecureUrl { .. }
        | ProviderError::Redirected { .. }
        | ProviderError::InvalidQuery { .. }
        | ProviderError::SignInExpired(_) => e,
        ProviderError::TokenExpired(_)
        | ProviderError::PermissionDenied(_)
        | ProviderError::ImageRejected(_)
        | ProviderError::BadRequest(_) => {
            let fault =
                e.fault().cloned().unwrap_or_else(|| Fault { profile: profile.to_string(), ..Fault::default() });
            ProviderError::SignInExpired(fault)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhaohuo_types::{ErrorKind as _, Kind};

    #[test]
    fn transport_safety_errors_keep_their_cause_and_refused_grants_end_the_sign_in() {
        let fault = || Fault { profile: "1688-open".into(), ..Fault::default() };
        let kept = [
            ProviderError::Redirected { profile: "p".into(), to: "https://elsewhere.example/".into() },
            ProviderError::InsecureUrl { profile: "p".into(), url: "http://gw.example".into(), why: "plain".into() },
            ProviderError::ReplyTooLarge { profile: "p".into(), limit: 8 },
            ProviderError::MalformedResponse(fault()),
            ProviderError::Timeout { profile: "p".into() },
        ];
        for e in kept {
            let kind = e.kind();
            assert_eq!(sign_in_failure(e, "p").kind(), kind);
        }
        for e in [ProviderError::BadRequest(fault()), ProviderError::TokenExpired(fault())] {
            assert_eq!(sign_in_failure(e, "p").kind(), Kind::ProviderSignInExpired);
        }
    }
}
