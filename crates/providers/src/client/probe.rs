//! Connection tests: for each thing a profile can do, the cheapest real call
//! that shows whether it is granted. The API is called with its required
//! search input left out, so a granted API answers with a parameter error and
//! no search is run; the gateway checks signature, token and permission
//! before parameters (KDX `probe_app.py`: token → ACL → params).

use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use super::{Called, ProviderClient};
use crate::error::ProviderError;
use crate::parse::{checked, HttpReply, Redactor};
use crate::profile::{AopApi, Api};
use crate::query::{ImagePayload, SearchQuery};
use crate::request;

/// The cross-border solution's namespace, whose keyword search and offer
/// details a connection test also asks about.
const CROSSBORDER: &str = "com.alibaba.fenxiao.crossborder";

/// What a connection test asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Capability {
    ImageSearch,
    KeywordSearch,
    OfferDetails,
}

impl Capability {
    pub const ALL: [Capability; 3] = [Capability::ImageSearch, Capability::KeywordSearch, Capability::OfferDetails];
}

/// What one probe found.
#[derive(Debug)]
pub enum Probe {
    /// The gateway got past signature, token and permission.
    Granted,
    /// It refused (or could not be reached); the error says why.
    Refused(ProviderError),
    /// This profile's family has no such API.
    NotOffered,
}

impl Probe {
    fn from_reply(result: Result<(), ProviderError>) -> Probe {
        match result {
            // A parameter (or image) complaint comes after every access check.
            Ok(()) | Err(ProviderError::BadRequest(_) | ProviderError::ImageRejected(_)) => Probe::Granted,
            Err(e) => Probe::Refused(e),
        }
    }
}

impl ProviderClient {
    /// Probes `capability` with one call (two for a bearer token), returning
    /// what it found and the calls made.
    pub async fn probe(&self, capability: Capability) -> (Probe, u32) {
        let before = self.calls_today();
        let probe = match &self.inner.profile.api {
            Api::Aop(api) => match aop_probe_api(api, capability) {
                Some((name, param)) => Probe::from_reply(self.aop_probe(api, name, param).await.map(|c| c.value)),
                None => Probe::NotOffered,
            },
            _ if capability != Capability::ImageSearch => Probe::NotOffered,
            _ => {
                // No image at all: every family refuses it as a missing parameter.
                let empty =
                    ImagePayload { bytes: &[], base64: "", sha256_hex: "", format: self.inner.profile.image.format };
                let query = SearchQuery { page_size: 1, ..SearchQuery::default() };
                Probe::from_reply(self.fetch_page(&empty, Some(""), &query, 1, 1).await.map(|_| ()))
            }
        };
        (probe, self.calls_today().saturating_sub(before))
    }

    async fn aop_probe(&self, api: &AopApi, name: &str, param: &str) -> Result<Called<()>, ProviderError> {
        let profile = &self.inner.profile;
        let value = match param {
            "offerDetailParam" => json!({ "country": api.default_country }),
            _ => json!({ "beginPage": 1, "pageSize": 1, "country": api.default_country }),
        }
        .to_string();
        self.aop_call(
            |c| {
                let params = vec![(param.to_string(), value.clone())];
                request::aop_request(profile, api, name, c, params, chrono::Utc::now())
            },
            |r: &HttpReply, red: &Redactor| checked(profile, r, red).map(|_| ()),
        )
        .await
    }
}

/// The AOP API and its object parameter for a capability, if the profile's namespace has one.
fn aop_probe_api(api: &AopApi, capability: Capability) -> Option<(&str, &'static str)> {
    match capability {
        Capability::ImageSearch => Some((api.query_api.as_str(), "offerQueryParam")),
        Capability::KeywordSearch if api.namespace == CROSSBORDER => {
            Some(("product.search.keywordQuery", "offerQueryParam"))
        }
        Capability::OfferDetails if api.namespace == CROSSBORDER => {
            Some(("product.search.queryProductDetail", "offerDetailParam"))
        }
        _ => None,
    }
}
