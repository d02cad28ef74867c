//! "Test connection" for a profile: the cheapest real calls (see
//! `zhaohuo_providers::Capability`) and what they show: the gateway is
//! reachable, the signature is accepted, the token is valid, and which of
//! image search, keyword search and offer details are granted. The answer is
//! kinds and facts; the UI puts them in words.

use serde::Serialize;
use ts_rs::TS;
use zhaohuo_providers::{Api, Capability, Probe, ProviderError, ProviderProfile};
use zhaohuo_types::{ErrorKind, Kind};

use crate::{App, Error};

/// One thing the test looked at.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum Check {
    Ok,
    #[serde(rename_all = "camelCase")]
    Failed {
        kind: Kind,
        /// The provider's own code (`gw.APIACLDecline`, `401`, …).
        code: Option<String>,
        http_status: Option<u16>,
        request_id: Option<String>,
    },
    /// The calls made could not tell (e.g. the token was refused before the
    /// signature could be judged).
    Unknown,
    /// Not part of this profile's API family.
    NotOffered,
}

impl Check {
    fn failed(e: &ProviderError) -> Check {
        let fault = e.fault();
        Check::Failed {
            kind: e.kind(),
            code: fault.and_then(|f| f.code.clone()),
            http_status: fault.and_then(|f| f.status),
            request_id: fault.and_then(|f| f.request_id.clone()),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub profile: String,
    pub reachable: Check,
    pub signature: Check,
    pub token: Check,
    pub image_search: Check,
    pub keyword_search: Check,
    pub offer_details: Check,
    /// API calls the test made (counted against the day's quota like any).
    pub calls: u32,
}

fn unreachable(e: &ProviderError) -> bool {
    matches!(e, ProviderError::Network { .. } | ProviderError::Timeout { .. } | ProviderError::InsecureUrl { .. })
}

fn signature_refused(e: &ProviderError) -> bool {
    matches!(
        e,
        ProviderError::SignatureInvalid(_)
            | ProviderError::BadCredentials(_)
            | ProviderError::ClockSkew(_)
            | ProviderError::IpNotWhitelisted(_)
    )
}

fn token_refused(e: &ProviderError) -> bool {
    matches!(e, ProviderError::TokenExpired(_) | ProviderError::SignInExpired(_))
}

/// Past every access check (granted, or only the API refused).
fn passed_access(p: &Probe) -> bool {
    matches!(p, Probe::Granted | Probe::Refused(ProviderError::PermissionDenied(_) | ProviderError::ApiUnsupported(_)))
}

/// Whether the family sends a token the gateway checks.
fn uses_token(profile: &ProviderProfile) -> bool {
    match &profile.api {
        Api::Aop(_) | Api::Bearer(_) => true,
        Api::Top(t) => t.token_param.is_some(),
        Api::Gateway(_) => false,
    }
}

/// Reads the probes (in [`Capability::ALL`] order) as a report.
fn report(profile: &ProviderProfile, probes: &[(Capability, Probe)], calls: u32) -> ConnectionReport {
    let refusals = || probes.iter().filter_map(|(_, p)| if let Probe::Refused(e) = p { Some(e) } else { None });
    let answered = probes.iter().any(|(_, p)| match p {
        Probe::Granted => true,
        Probe::Refused(e) => !unreachable(e),
        Probe::NotOffered => false,
    });
    let reachable = match (answered, refusals().find(|e| unreachable(e))) {
        (true, _) => Check::Ok,
        (false, Some(e)) => Check::failed(e),
        (false, None) => Check::Unknown,
    };
    let any_passed = probes.iter().any(|(_, p)| passed_access(p));
    let signature = match refusals().find(|e| signature_refused(e)) {
        Some(e) => Check::failed(e),
        None if any_passed => Check::Ok,
        None => Check::Unknown,
    };
    let token = match refusals().find(|e| token_refused(e)) {
        _ if !uses_token(profile) => Check::NotOffered,
        Some(e) => Check::failed(e),
        None if any_passed => Check::Ok,
        None => Check::Unknown,
    };
    let of = |cap: Capability| match probes.iter().find(|(c, _)| *c == cap).map(|(_, p)| p) {
        Some(Probe::Granted) => Check::Ok,
        Some(Probe::Refused(e)) => Check::failed(e),
        Some(Probe::NotOffered) | None => Check::NotOffered,
    };
    ConnectionReport {
        profile: profile.id.clone(),
        reachable,
        signature,
        token,
        image_search: of(Capability::ImageSearch),
        keyword_search: of(Capability::KeywordSearch),
        offer_details: of(Capability::OfferDetails),
        calls,
    }
}

impl App {
    /// Tests a profile's connection with the cheapest real calls (one per
    /// capability the family has). Credentials missing from the keychain are
    /// an error, as for a search; everything the gateway says is in the report.
    pub async fn test_connection(&self, profile: &str) -> Result<ConnectionReport, Error> {
        if crate::profiles::is_demo(profile) {
            // The demo's address is only known once its gateway runs.
            self.ensure_demo().await?;
        }
        let p = self.find_profile(profile).await?;
        let client = self.client(&p).await?;
        let mut probes = Vec::new();
        let mut calls = 0;
        for cap in Capability::ALL {
            let (probe, n) = client.probe(cap).await;
            calls += n;
            probes.push((cap, probe));
        }
        if calls > 0 {
            if let Err(err) = self.store.record_calls(&p.id, crate::search::today(), calls).await {
                tracing::warn!(error = %err, "could not count the connection test's calls");
            }
        }
        Ok(report(&p, &probes, calls))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhaohuo_providers::{builtin_profile, Fault};

    fn fault(code: &str) -> Fault {
        Fault { profile: "p".into(), status: Some(400), code: Some(code.into()), ..Fault::default() }
    }

    #[test]
    fn an_acl_refusal_means_signature_and_token_passed() {
        let p = builtin_profile("1688-open").unwrap();
        let probes = [
            (Capability::ImageSearch, Probe::Granted),
            (Capability::KeywordSearch, Probe::Refused(ProviderError::PermissionDenied(fault("gw.APIACLDecline")))),
            (Capability::OfferDetails, Probe::NotOffered),
        ];
        let r = report(&p, &probes, 2);
        assert_eq!((r.reachable.clone(), r.signature.clone(), r.token.clone()), (Check::Ok, Check::Ok, Check::Ok));
        assert_eq!(r.image_search, Check::Ok);
        assert!(
            matches!(&r.keyword_search, Check::Failed { kind: Kind::ProviderPermissionDenied, code: Some(c), .. } if c == "gw.APIACLDecline")
        );
        assert_eq!(r.offer_details, Check::NotOffered);
    }

    #[test]
    fn a_refused_token_leaves_the_signature_unknown_and_the_network_says_unreachable() {
        let p = builtin_profile("1688-open").unwrap();
        let token = || Probe::Refused(ProviderError::TokenExpired(fault("401")));
        let probes = [
            (Capability::ImageSearch, token()),
            (Capability::KeywordSearch, token()),
            (Capability::OfferDetails, token()),
        ];
        let r = report(&p, &probes, 3);
        assert_eq!(r.reachable, Check::Ok);
        assert_eq!(r.signature, Check::Unknown);
        assert!(matches!(r.token, Check::Failed { kind: Kind::ProviderTokenExpired, .. }));
        let down = || Probe::Refused(ProviderError::Network { profile: "p".into(), detail: "refused".into() });
        let probes = [
            (Capability::ImageSearch, down()),
            (Capability::KeywordSearch, down()),
            (Capability::OfferDetails, down()),
        ];
        let r = report(&p, &probes, 0);
        assert!(matches!(r.reachable, Check::Failed { kind: Kind::ProviderNetwork, .. }));
        assert_eq!((r.signature, r.token), (Check::Unknown, Check::Unknown));
        let gateway = builtin_profile("item-search-img").unwrap();
        assert_eq!(report(&gateway, &[(Capability::ImageSearch, Probe::Granted)], 1).token, Check::NotOffered);
    }
}
