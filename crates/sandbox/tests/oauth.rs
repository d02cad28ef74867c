//! The sandbox's OAuth endpoints as a client sees them over loopback: the
//! authorize page's redirect and refusals, a code used once, a bad client,
//! lifetimes on the sandbox's clock, and postponeToken only near the end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use serde_json::Value;
use zhaohuo_sandbox::{start, SandboxConfig, DEMO_APP_KEY};

fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn token(base: &str, prefix: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let url = format!("{base}/openapi/{prefix}/1/system.oauth2/getToken/{DEMO_APP_KEY}");
    let resp = browser().post(url).form(form).send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

#[tokio::test]
async fn authorize_redirects_with_code_and_state_and_codes_work_once() {
    let day = 24 * 3600;
    let sb = start(SandboxConfig { oauth_refresh_ttl: Duration::from_secs(40 * day), ..SandboxConfig::default() })
        .await
        .unwrap();
    let base = sb.base_url();
    let page = |q: &str| browser().get(format!("{base}/oauth/authorize?{q}")).send();
    let missing = page(&format!("client_id={DEMO_APP_KEY}&site=1688")).await.unwrap();
    assert_eq!(missing.status().as_u16(), 400);
    assert!(missing.text().await.unwrap().contains("缺少必要参数"));
    let foreign = page("client_id=999&site=1688&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb").await.unwrap();
    assert!(foreign.text().await.unwrap().contains("非法请求"));

    let ok = page(&format!("client_id={DEMO_APP_KEY}&site=1688&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&state=s1"))
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 302);
    let location = ok.headers()["location"].to_str().unwrap().to_string();
    let url = reqwest::Url::parse(&location).unwrap();
    let q = |k: &str| url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.into_owned());
    assert_eq!(q("state").as_deref(), Some("s1"));
    let code = q("code").unwrap();

    let secret = sb.credentials().app_secret.expose().clone();
    let grant = |code: String, secret: String| {
        vec![
            ("grant_type", "authorization_code".to_string()),
            ("need_refresh_token", "true".to_string()),
            ("client_id", DEMO_APP_KEY.to_string()),
            ("client_secret", secret),
            ("redirect_uri", "http://127.0.0.1:1/cb".to_string()),
            ("code", code),
        ]
    };
    let as_refs = |v: &[(&'static str, String)]| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let bad = as_refs(&grant(code.clone(), "wrong".into()));
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = token(&base, "http", &bad).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")), "{body}");

    let good = as_refs(&grant(code.clone(), secret.clone()));
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = token(&base, "http", &good).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["expires_in"], "36000", "a string, ten hours");
    assert!(body["refresh_token_timeout"].as_str().unwrap().ends_with("+0800"));
    let (status, body) = token(&base, "http", &good).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_grant")), "a code works once: {body}");

    // Refresh on the param2 prefix; postpone refused while the end is over 30 days away.
    let refresh = body_refresh(&base, &secret).await;
    let access = refresh.0;
    let rt = refresh.1;
    let postpone = |base: String, secret: String, rt: String, access: String| async move {
        let url = format!("{base}/openapi/param2/1/system.oauth2/postponeToken/{DEMO_APP_KEY}");
        let form = [
            ("client_id", DEMO_APP_KEY.to_string()),
            ("client_secret", secret),
            ("refresh_token", rt),
            ("access_token", access),
        ];
        browser().post(url).form(&form).send().await.unwrap().status().as_u16()
    };
    assert_eq!(postpone(base.clone(), secret.clone(), rt.clone(), access.clone()).await, 400, "too early");
    sb.advance_clock(Duration::from_secs(15 * day));
    // The access token died on the way (10 hours); postpone needs a live one, so refresh first.
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", DEMO_APP_KEY),
        ("client_secret", secret.as_str()),
        ("refresh_token", rt.as_str()),
    ];
    let (status, body) = token(&base, "param2", &form).await;
    assert_eq!(status, 200, "{body}");
    let access = body["access_token"].as_str().unwrap().to_string();
    assert_eq!(postpone(base.clone(), secret.clone(), rt.clone(), access).await, 200, "within 30 days of the end");
    assert_eq!(sb.oauth_counts().postponed, 1);
    sb.expire_refresh_tokens();
    let (status, body) = token(&base, "param2", &form).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_grant")), "{body}");
}

/// A fresh sign-in through the sandbox: (access token, refresh token).
async fn body_refresh(base: &str, secret: &str) -> (String, String) {
    let ok = browser()
        .get(format!("{base}/oauth/authorize?client_id={DEMO_APP_KEY}&site=1688&redirect_uri=https%3A%2F%2Fx%2Fcb"))
        .send()
        .await
        .unwrap();
    let location = reqwest::Url::parse(ok.headers()["location"].to_str().unwrap()).unwrap();
    let code = location.query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    let form = [
        ("grant_type", "authorization_code"),
        ("need_refresh_token", "true"),
        ("client_id", DEMO_APP_KEY),
        ("client_secret", secret),
        ("redirect_uri", "https://x/cb"),
        ("code", code.as_str()),
    ];
    let (status, body) = token(base, "param2", &form).await;
    assert_eq!(status, 200, "both prefixes take a code: {body}");
    (body["access_token"].as_str().unwrap().into(), body["refresh_token"].as_str().unwrap().into())
}
