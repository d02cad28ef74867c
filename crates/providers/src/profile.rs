//! Provider profiles as data: endpoint, API names, parameter names, response
//! field paths, limits. Another gateway of a known family is a new profile,
//! not new code; a buyer can point any profile at a proxy or the sandbox by
//! editing `base_url`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ProviderError;
use crate::query::{FilterKey, SortKey};
pub use zhaohuo_types::{ImageFormat, ImageSpec};

/// The demo profile's id: the sandbox gateway a new user searches first.
/// Stored in settings and history, so it never changes.
pub const DEMO_PROFILE: &str = "demo";

/// How a family authenticates, carries the image and signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// 1688 Open Platform: `_aop_signature`, image uploaded first for an `imageId`.
    Aop,
    /// TOP-style router: `sign` (md5/hmac/hmac-sha256), image as base64 form field.
    Top,
    /// Aggregator gateway: key and secret in the query string, image URL (`imgid`).
    Gateway,
    /// OAuth-style gateway: client-credentials token, multipart image.
    Bearer,
}

/// How the provider scores similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SimilarityScale {
    /// 0.0–1.0.
    Unit,
    /// 0–100.
    Percent,
    /// Guess per value: above 1 means percent.
    Auto,
    /// Rank only.
    None,
}

/// Where each offer field sits inside one result item. Each entry lists
/// dotted paths (`priceInfo.price`) tried in order; the first present wins.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldMap {
    pub offer_id: Vec<String>,
    pub title: Vec<String>,
    pub title_translated: Vec<String>,
    pub image_url: Vec<String>,
    pub detail_url: Vec<String>,
    /// Price in yuan: "29.90", "10.00-15.00" or a number.
    pub price: Vec<String>,
    /// Price as integer fen.
    pub price_fen: Vec<String>,
    /// "10.00-15.00" style range, used when `price` is absent.
    pub price_range: Vec<String>,
    pub moq: Vec<String>,
    pub unit: Vec<String>,
    pub supplier_id: Vec<String>,
    pub supplier_name: Vec<String>,
    pub supplier_city: Vec<String>,
    /// A list of strings, or one comma-separated string.
    pub supplier_badges: Vec<String>,
    pub credit_level: Vec<String>,
    pub similarity: Vec<String>,
    pub month_sold: Vec<String>,
    pub repurchase_rate: Vec<String>,
    pub supply_type: Vec<String>,
    /// `free`/`paid`, `包邮`, or a boolean meaning free.
    pub freight: Vec<String>,
    /// Shipping fee in yuan.
    pub shipping_fee: Vec<String>,
    /// Whether one piece can be dropshipped (一件代发).
    pub dropship: Vec<String>,
}

/// Where the envelope keeps the items, the total and the request id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ResponseSpec {
    pub items: Vec<String>,
    pub total: Vec<String>,
    pub request_id: Vec<String>,
}

/// A buyer sort the provider does itself: `value` goes in the sort parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemoteSort {
    pub sort: SortKey,
    pub value: String,
}

/// A buyer filter the provider does itself: sends `param=value` (for AOP,
/// `value` joins the comma list in `offerQueryParam.filter`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemoteFilter {
    pub filter: FilterKey,
    pub param: String,
    pub value: String,
}

/// AOP: `POST {base}/openapi/param2/{version}/{namespace}/{api}/{appKey}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AopApi {
    pub version: String,
    pub namespace: String,
    pub upload_api: String,
    pub query_api: String,
    /// Result language sent as `country` when the query gives none.
    pub default_country: String,
    /// Send the crop as `region` (x1,x2,y1,y2).
    pub send_region: bool,
}

/// When the TOP timestamp is a string in GMT+8 or milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum TimestampStyle {
    /// `yyyy-MM-dd HH:mm:ss` in GMT+8.
    Gmt8,
    /// Milliseconds since the epoch.
    Millis,
}

/// TOP router call: one signed form POST.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TopApi {
    pub path: String,
    pub method: String,
    /// `md5`, `hmac` or `hmac-sha256`.
    pub sign_method: String,
    pub timestamp: TimestampStyle,
    /// `access_token` or `session`, when the API needs the buyer's token.
    pub token_param: Option<String>,
    pub image_param: String,
    pub image_type_param: Option<String>,
    /// Threshold parameter (0–1) for the minimum similarity.
    pub similarity_param: Option<String>,
    /// Sent when the query gives no minimum similarity.
    pub default_similarity: Option<f32>,
    pub page_param: String,
    pub page_size_param: String,
    pub price_start_param: Option<String>,
    pub price_end_param: Option<String>,
    /// Takes the buyer's maximum MOQ: the quantity they will order, so only
    /// offers whose MOQ it meets come back (`min_order_quantity`).
    #[serde(default)]
    pub max_moq_param: Option<String>,
    /// Always sent, e.g. `needSupplyInfo=true`.
    pub extra_params: Vec<(String, String)>,
}

/// Aggregator gateway: key/secret in the query, an image URL as `imgid`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GatewayApi {
    pub search_path: String,
    /// Upload endpoint that turns base64 into an image URL, when the search needs a URL.
    pub upload_path: Option<String>,
    pub upload_field: String,
    /// Where the upload reply keeps the URL.
    pub upload_url_paths: Vec<String>,
    pub key_param: String,
    pub secret_param: String,
    pub image_param: String,
    /// `search_type`: "1" same item, "2" similar.
    pub mode_param: Option<String>,
    pub page_param: String,
    pub page_size_param: String,
    pub sort_param: Option<String>,
    pub lang_param: Option<String>,
}

/// OAuth-style gateway: bearer token, multipart image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BearerApi {
    pub token_path: String,
    pub search_path: String,
    pub image_field: String,
    pub page_param: String,
    pub page_size_param: String,
    pub min_price_param: Option<String>,
    pub max_price_param: Option<String>,
}

/// The family-specific part of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "family", rename_all = "kebab-case")]
pub enum Api {
    Aop(AopApi),
    Top(TopApi),
    Gateway(GatewayApi),
    Bearer(BearerApi),
}

/// One configured provider: everything the client needs except credentials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProviderProfile {
    pub id: String,
    pub label: String,
    /// Scheme and host (and port); API paths are appended to it.
    pub base_url: String,
    pub api: Api,
    /// Requests per second allowed, shared by all concurrent searches (fractions allowed: 0.2 = one per 5 s).
    pub qps: f64,
    /// Calls a day the plan allows; `None` when unlimited or unknown.
    pub daily_quota: Option<u32>,
    pub image: ImageSpec,
    pub page_size_cap: u32,
    pub page_cap: u32,
    pub default_page_size: u32,
    pub similarity: SimilarityScale,
    pub response: ResponseSpec,
    pub fields: FieldMap,
    /// Whether price range filters are sent to the provider.
    pub remote_price_filter: bool,
    pub remote_sorts: Vec<RemoteSort>,
    pub remote_filters: Vec<RemoteFilter>,
    /// Largest reply body read from this gateway, in bytes; past it the call
    /// fails with `provider.reply_too_large` instead of filling memory.
    #[serde(default = "default_max_reply_bytes")]
    pub max_reply_bytes: u64,
}

fn default_max_reply_bytes() -> u64 {
    crate::limits::DEFAULT_MAX_REPLY_BYTES
}

impl ProviderProfile {
    pub fn family(&self) -> Family {
        match self.api {
            Api::Aop(_) => Family::Aop,
            Api::Top(_) => Family::Top,
            Api::Gateway(_) => Family::Gateway,
            Api::Bearer(_) => Family::Bearer,
        }
    }

    /// A copy aimed at another host (sandbox, proxy, other region).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The demo profile: the 1688 Open Platform family served by the local
    /// sandbox gateway at `base_url` (e.g. `http://127.0.0.1:8788`).
    pub fn demo(base_url: impl Into<String>) -> Self {
        let mut p = open_1688();
        p.id = DEMO_PROFILE.into();
        p.label = "Demo catalog (local sandbox)".into();
        p.base_url = base_url.into();
        p.qps = 20.0;
        p.daily_quota = None;
        p
    }

    /// Rejects values the client cannot work with, with a reason a buyer can fix.
    pub fn validate(&self) -> Result<(), ProviderError> {
        let bad =
            |reason: &str| Err(ProviderError::InvalidProfile { profile: self.id.clone(), reason: reason.to_string() });
        crate::limits::check_base_url(&self.id, &self.base_url)?;
        if self.max_reply_bytes < 1024 {
            return bad("the reply size limit must be at least 1 KB");
        }
        if !(self.qps.is_finite() && self.qps > 0.0 && self.qps <= 1000.0) {
            return bad("QPS must be above 0 and at most 1000");
        }
        if self.page_size_cap == 0 || self.page_cap == 0 || self.default_page_size == 0 {
            return bad("page size cap, page cap and default page size must be at least 1");
        }
        if !self.image.accepted_formats.contains(&self.image.format) {
            return bad("the image spec prepares a format the API does not accept");
        }
        if self.fields.offer_id.is_empty() || self.response.items.is_empty() {
            return bad("the profile does not say where offers and their ids are");
        }
        Ok(())
    }

    /// Whether the API takes a photo in this format.
    pub fn accepts_format(&self, format: ImageFormat) -> bool {
        self.image.accepted_formats.contains(&format)
    }
}

fn paths(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn sort(sort: SortKey, value: &str) -> RemoteSort {
    RemoteSort { sort, value: value.to_string() }
}

fn filter(filter: FilterKey, param: &str, value: &str) -> RemoteFilter {
    RemoteFilter { filter, param: param.to_string(), value: value.to_string() }
}

/// `1688-open`: the official Open Platform cross-border image search.
fn open_1688() -> ProviderProfile {
    ProviderProfile {
        id: "1688-open".into(),
        label: "1688 Open Platform (AOP image search)".into(),
        base_url: "https://gw.open.1688.com".into(),
        api: Api::Aop(AopApi {
            version: "1".into(),
            namespace: "com.alibaba.fenxiao.crossborder".into(),
            upload_api: "product.image.upload".into(),
            query_api: "product.search.imageQuery".into(),
            default_country: "en".into(),
            send_region: true,
        }),
        qps: 5.0,
        daily_quota: None,
        image: ImageSpec::jpeg(800, false, 100 * 1024, &[ImageFormat::Jpeg, ImageFormat::Png]),
        page_size_cap: 50,
        // 2,000 offers at 20 a page; `AOP_MAX_OFFERS` stops larger pages there.
        page_cap: 100,
        default_page_size: 20,
        similarity: SimilarityScale::None,
        response: ResponseSpec {
            items: paths(&["result.result.data"]),
            total: paths(&["result.result.totalRecords"]),
            request_id: paths(&["request_id", "result.requestId"]),
        },
        fields: FieldMap {
            offer_id: paths(&["offerId"]),
            title: paths(&["subject"]),
            title_translated: paths(&["subjectTrans"]),
            image_url: paths(&["imageUrl"]),
            detail_url: paths(&["detailUrl"]),
            price: paths(&["priceInfo.price", "priceInfo.consignPrice", "priceInfo.promotionPrice"]),
            price_fen: paths(&["oldPrice"]),
            moq: paths(&["minOrderQuantity", "quantityBegin"]),
            unit: paths(&["unit"]),
            supplier_id: paths(&["sellerId", "memberId"]),
            supplier_name: paths(&["companyName"]),
            supplier_city: paths(&["companyAddress"]),
            supplier_badges: paths(&["sellerIdentities"]),
            credit_level: paths(&["creditLevel"]),
            month_sold: paths(&["monthSold"]),
            repurchase_rate: paths(&["repurchaseRate"]),
            dropship: paths(&["isOnePsale"]),
            ..FieldMap::default()
        },
        remote_price_filter: true,
        remote_sorts: vec![
            sort(SortKey::PriceAsc, r#"{"price":"asc"}"#),
            sort(SortKey::PriceDesc, r#"{"price":"desc"}"#),
            sort(SortKey::Sales, r#"{"monthSold":"desc"}"#),
        ],
        remote_filters: vec![
            filter(FilterKey::DropshipOnly, "filter", "isOnePsale"),
            filter(FilterKey::FactoryOnly, "filter", "certifiedFactory"),
        ],
        max_reply_bytes: default_max_reply_bytes(),
    }
}

/// `offer-match`: TOP MD5 `alibaba.image.search.offer.match`.
fn offer_match() -> ProviderProfile {
    ProviderProfile {
        id: "offer-match".into(),
        label: "Offer match (alibaba.image.search.offer.match)".into(),
        base_url: "https://gw.open.1688.com".into(),
        api: Api::Top(TopApi {
            path: "/openapi/param2/2/portals.open/api/alibaba.image.search.offer.match".into(),
            method: "alibaba.image.search.offer.match".into(),
            sign_method: "md5".into(),
            timestamp: TimestampStyle::Millis,
            token_param: None,
            image_param: "image".into(),
            image_type_param: Some("imageType".into()),
            similarity_param: Some("similarity".into()),
            // Only sent when the buyer sets a minimum: a fixed 0.7 hides everything for poor photos.
            default_similarity: None,
            page_param: "pageNum".into(),
            page_size_param: "pageSize".into(),
            price_start_param: None,
            price_end_param: None,
            max_moq_param: None,
            extra_params: vec![("needSupplyInfo".into(), "true".into())],
        }),
        qps: 2.0,
        daily_quota: None,
        image: ImageSpec::jpeg(800, true, 500 * 1024, &[ImageFormat::Jpeg, ImageFormat::Png]),
        page_size_cap: 20,
        page_cap: 20,
        default_page_size: 20,
        similarity: SimilarityScale::Unit,
        response: ResponseSpec {
            items: paths(&["alibaba_image_search_offer_match_response.result.offerList"]),
            total: paths(&["alibaba_image_search_offer_match_response.result.totalCount"]),
            request_id: paths(&["alibaba_image_search_offer_match_response.request_id", "request_id"]),
        },
        fields: FieldMap {
            offer_id: paths(&["offerId"]),
            title: paths(&["title"]),
            image_url: paths(&["imageUrl", "picUrl"]),
            detail_url: paths(&["detailUrl"]),
            price_range: paths(&["priceRange"]),
            price: paths(&["price"]),
            moq: paths(&["moq"]),
            supplier_name: paths(&["supplierName"]),
            similarity: paths(&["similarity"]),
            supply_type: paths(&["supplyType"]),
            ..FieldMap::default()
        },
        remote_price_filter: false,
        remote_sorts: vec![],
        remote_filters: vec![],
        max_reply_bytes: default_max_reply_bytes(),
    }
}

/// `image-search-item`: TOP MD5 `alibaba.image.search.item` v2.0 with the buyer's token.
fn image_search_item() -> ProviderProfile {
    ProviderProfile {
        id: "image-search-item".into(),
        label: "Image search item v2.0 (alibaba.image.search.item)".into(),
        base_url: "https://gw.api.1688.com".into(),
        api: Api::Top(TopApi {
            path: "/openapi/param2/1/alibaba.image.search.item/2.0".into(),
            method: "alibaba.image.search.item".into(),
            sign_method: "md5".into(),
            timestamp: TimestampStyle::Gmt8,
            token_param: Some("access_token".into()),
            image_param: "image".into(),
            image_type_param: None,
            similarity_param: None,
            default_similarity: None,
            page_param: "page_no".into(),
            page_size_param: "page_size".into(),
            price_start_param: Some("price_start".into()),
            price_end_param: Some("price_end".into()),
            // Seed 002 names it; the seller's MOQ must not exceed it.
            max_moq_param: Some("min_order_quantity".into()),
            extra_params: vec![],
        }),
        // About 10 calls a minute.
        qps: 10.0 / 60.0,
        daily_quota: None,
        image: ImageSpec::jpeg(800, false, 2 * 1024 * 1024, &[ImageFormat::Jpeg]),
        page_size_cap: 20,
        page_cap: 10,
        default_page_size: 20,
        similarity: SimilarityScale::Auto,
        response: ResponseSpec {
            items: paths(&["image_search_item_response.items.item"]),
            total: paths(&["image_search_item_response.total_results", "image_search_item_response.total"]),
            request_id: paths(&["image_search_item_response.request_id", "request_id"]),
        },
        fields: FieldMap {
            offer_id: paths(&["item_id"]),
            title: paths(&["title"]),
            image_url: paths(&["pic_url", "image_url"]),
            detail_url: paths(&["detail_url"]),
            price: paths(&["price"]),
            moq: paths(&["min_order_quantity"]),
            supplier_name: paths(&["company_name", "seller_nick"]),
            supplier_city: paths(&["address.city"]),
            similarity: paths(&["similarity"]),
            freight: paths(&["freight_type"]),
            ..FieldMap::default()
        },
        remote_price_filter: true,
        remote_sorts: vec![],
        remote_filters: vec![filter(FilterKey::FreeShipping, "freight_type", "free")],
        max_reply_bytes: default_max_reply_bytes(),
    }
}

/// `item-search-img`: aggregator gateway `item_search_img` with an upload step.
fn item_search_img() -> ProviderProfile {
    ProviderProfile {
        id: "item-search-img".into(),
        label: "Gateway item_search_img".into(),
        base_url: "https://api-gw.onebound.cn".into(),
        api: Api::Gateway(GatewayApi {
            search_path: "/1688/item_search_img/".into(),
            upload_path: Some("/1688/upload_img/".into()),
            upload_field: "imgcode".into(),
            upload_url_paths: paths(&["items.item.name", "items.item.url", "items.url", "url", "data.url"]),
            key_param: "key".into(),
            secret_param: "secret".into(),
            image_param: "imgid".into(),
            mode_param: Some("search_type".into()),
            page_param: "page".into(),
            page_size_param: "page_size".into(),
            sort_param: Some("sort".into()),
            lang_param: Some("lang".into()),
        }),
        qps: 2.0,
        daily_quota: None,
        image: ImageSpec::jpeg(800, false, 2 * 1024 * 1024, &[ImageFormat::Jpeg, ImageFormat::Png]),
        page_size_cap: 100,
        page_cap: 20,
        default_page_size: 50,
        similarity: SimilarityScale::Auto,
        response: ResponseSpec {
            items: paths(&["items.item"]),
            total: paths(&["items.real_total_results", "items.total_results"]),
            request_id: paths(&["request_id"]),
        },
        fields: FieldMap {
            offer_id: paths(&["num_iid"]),
            title: paths(&["title"]),
            image_url: paths(&["pic_url"]),
            detail_url: paths(&["detail_url"]),
            price: paths(&["promotion_price", "price"]),
            price_range: paths(&["price_range"]),
            moq: paths(&["min_order"]),
            unit: paths(&["unit"]),
            supplier_id: paths(&["seller_id"]),
            supplier_name: paths(&["seller_nick"]),
            supplier_city: paths(&["area"]),
            supplier_badges: paths(&["shop_type"]),
            similarity: paths(&["similarity"]),
            month_sold: paths(&["sales", "trade_num"]),
            freight: paths(&["freight_template"]),
            shipping_fee: paths(&["post_fee"]),
            dropship: paths(&["one_stop_service"]),
            ..FieldMap::default()
        },
        remote_price_filter: false,
        remote_sorts: vec![
            sort(SortKey::PriceAsc, "price_asc"),
            sort(SortKey::PriceDesc, "price_desc"),
            sort(SortKey::Sales, "sale_desc"),
        ],
        remote_filters: vec![],
        max_reply_bytes: default_max_reply_bytes(),
    }
}

/// `product-image-search`: bearer `alibaba.product.imageSearch`.
fn product_image_search() -> ProviderProfile {
    ProviderProfile {
        id: "product-image-search".into(),
        label: "Product image search (bearer token)".into(),
        base_url: "https://gw.open.1688.com".into(),
        api: Api::Bearer(BearerApi {
            token_path: "/auth/requestToken".into(),
            search_path: "/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch".into(),
            image_field: "image".into(),
            page_param: "pageNo".into(),
            page_size_param: "pageSize".into(),
            min_price_param: Some("min_price".into()),
            max_price_param: Some("max_price".into()),
        }),
        qps: 1.0,
        daily_quota: Some(500),
        image: ImageSpec::jpeg(800, false, 5 * 1024 * 1024, &[ImageFormat::Jpeg, ImageFormat::Png]),
        page_size_cap: 50,
        page_cap: 10,
        default_page_size: 20,
        similarity: SimilarityScale::Percent,
        response: ResponseSpec {
            items: paths(&["products", "result.products"]),
            total: paths(&["total", "totalCount"]),
            request_id: paths(&["requestId", "request_id"]),
        },
        fields: FieldMap {
            offer_id: paths(&["productId"]),
            title: paths(&["title"]),
            image_url: paths(&["imageUrl", "image"]),
            detail_url: paths(&["detailUrl"]),
            price: paths(&["price"]),
            moq: paths(&["minOrderQuantity"]),
            supplier_name: paths(&["supplierInfo.companyName"]),
            credit_level: paths(&["supplierInfo.creditLevel"]),
            similarity: paths(&["similarity"]),
            ..FieldMap::default()
        },
        remote_price_filter: true,
        remote_sorts: vec![],
        remote_filters: vec![],
        max_reply_bytes: default_max_reply_bytes(),
    }
}

/// The five built-in profiles (the demo profile needs a sandbox URL: [`ProviderProfile::demo`]).
pub fn builtin_profiles() -> Vec<ProviderProfile> {
    vec![open_1688(), offer_match(), image_search_item(), item_search_img(), product_image_search()]
}

/// A built-in profile by id (`demo` is not built in: it needs a sandbox URL).
pub fn builtin_profile(id: &str) -> Option<ProviderProfile> {
    builtin_profiles().into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_valid_and_distinct() {
        let profiles = builtin_profiles();
        let ids: Vec<_> = profiles.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["1688-open", "offer-match", "image-search-item", "item-search-img", "product-image-search"]);
        for p in &profiles {
            p.validate().expect("built-in profile is valid");
        }
        ProviderProfile::demo("http://127.0.0.1:9").validate().expect("demo is valid");
        assert_eq!(builtin_profile("offer-match").map(|p| p.page_size_cap), Some(20));
    }

    #[test]
    fn profiles_round_trip_through_json() {
        for p in builtin_profiles() {
            let text = serde_json::to_string(&p).expect("serialises");
            let back: ProviderProfile = serde_json::from_str(&text).expect("parses");
            assert_eq!(back, p);
        }
    }

    #[test]
    fn rejects_unusable_profiles() {
        let mut p = open_1688();
        p.qps = 0.0;
        assert!(p.validate().is_err());
        let p = open_1688().with_base_url("ftp://x");
        assert!(p.validate().is_err());
        let p = open_1688().with_base_url("http://gw.open.1688.com");
        assert_eq!(
            zhaohuo_types::ErrorKind::kind(&p.validate().expect_err("plain http to a remote host is refused")),
            "provider.insecure_url"
        );
        let mut p = open_1688();
        p.max_reply_bytes = 10;
        assert!(p.validate().is_err());
    }

    #[test]
    fn older_profile_files_get_the_default_reply_cap() {
        let mut v = serde_json::to_value(open_1688()).expect("serialises");
        v.as_object_mut().expect("object").remove("maxReplyBytes");
        let p: ProviderProfile = serde_json::from_value(v).expect("parses");
        assert_eq!(p.max_reply_bytes, 8 * 1024 * 1024);
    }
}
