//! `zhaohuo sandbox`: runs the local gateway over the demo catalog until Ctrl-C.

use std::path::PathBuf;

use anyhow::Context as _;
use zhaohuo_sandbox::{demo_credentials, DemoCredentials, FaultConfig, SandboxConfig};

#[derive(clap::Args)]
pub struct Args {
    /// Port to listen on (127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 8688)]
    port: u16,
    /// JSON file with `app_key`, `app_secret` and `access_token` to accept instead of the demo ones.
    #[arg(long, value_name = "FILE")]
    credentials: Option<PathBuf>,
    /// Token the admin routes (`/__admin/faults`, `/__admin/reset`,
    /// `/__admin/expire_tokens`) require as `Authorization: Bearer <TOKEN>`,
    /// for scripts (16 to 256 visible ASCII characters); without it each run
    /// makes a random one and prints it.
    #[arg(long, value_name = "TOKEN")]
    admin_token: Option<String>,
    #[command(flatten)]
    faults: FaultArgs,
}

/// Faults injected into API replies from the start (the same settings as
/// `POST /__admin/faults` with the admin token, which can change them later). Rates are
/// probabilities from 0 to 1; at most one fault hits a request.
#[derive(clap::Args, Debug, Default)]
#[command(next_help_heading = "Fault injection")]
pub struct FaultArgs {
    /// Delay added to every API reply, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    fault_latency_ms: u64,
    /// Share of calls answered with the family's throttle error and HTTP 429.
    #[arg(long, value_name = "RATE", value_parser = parse_rate, default_value_t = 0.0)]
    fault_429_rate: f64,
    /// Share of calls answered with the family's internal error and HTTP 500.
    #[arg(long, value_name = "RATE", value_parser = parse_rate, default_value_t = 0.0)]
    fault_500_rate: f64,
    /// Share of calls answered with an nginx-style HTML 502 page.
    #[arg(long, value_name = "RATE", value_parser = parse_rate, default_value_t = 0.0)]
    fault_502_rate: f64,
    /// Share of calls never answered (past any client timeout).
    #[arg(long, value_name = "RATE", value_parser = parse_rate, default_value_t = 0.0)]
    fault_hang_rate: f64,
    /// Share of calls answered 200 with a body that is not valid JSON.
    #[arg(long, value_name = "RATE", value_parser = parse_rate, default_value_t = 0.0)]
    fault_malformed_json_rate: f64,
    /// Share of calls answered 200 with an HTML "system busy" page.
    #[arg(long, value_name = "RATE", value_parser = parse_rate, default_value_t = 0.0)]
    fault_html_rate: f64,
    /// Share of calls whose body is cut off half way.
    #[arg(long, value_name = "RATE", value_parser = parse_rate, default_value_t = 0.0)]
    fault_truncated_rate: f64,
    /// Share of calls whose JSON body is labelled `text/html;charset=GBK`.
    #[arg(long, value_name = "RATE", value_parser = parse_rate, default_value_t = 0.0)]
    fault_wrong_content_type_rate: f64,
}

// The struct update is there for faults the sandbox gains later.
#[allow(clippy::needless_update)]
impl From<&FaultArgs> for FaultConfig {
    fn from(a: &FaultArgs) -> Self {
        FaultConfig {
            latency_ms: a.fault_latency_ms,
            rate_429: a.fault_429_rate,
            rate_500: a.fault_500_rate,
            rate_502: a.fault_502_rate,
            hang_rate: a.fault_hang_rate,
            malformed_json_rate: a.fault_malformed_json_rate,
            html_error_rate: a.fault_html_rate,
            truncated_body_rate: a.fault_truncated_rate,
            wrong_content_type_rate: a.fault_wrong_content_type_rate,
            // Faults added to the sandbox later are off until they get a flag here.
            ..FaultConfig::default()
        }
    }
}

/// Why a fault rate could not be read.
#[derive(Debug, PartialEq, thiserror::Error)]
enum RateArgError {
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("{0} is not a rate: give a probability from 0 to 1 (e.g. 0.25)")]
    OutOfRange(f64),
}

fn parse_rate(text: &str) -> Result<f64, RateArgError> {
    let rate: f64 = text.trim().parse().map_err(|_| RateArgError::NotANumber(text.to_string()))?;
    if !(0.0..=1.0).contains(&rate) {
        return Err(RateArgError::OutOfRange(rate));
    }
    Ok(rate)
}

/// One line naming the active faults, or `None` when there are none.
fn describe_faults(f: &FaultConfig) -> Option<String> {
    let mut parts = Vec::new();
    if f.latency_ms > 0 {
        parts.push(format!("+{} ms latency", f.latency_ms));
    }
    for (rate, name) in [
        (f.rate_429, "429"),
        (f.rate_500, "500"),
        (f.rate_502, "502 page"),
        (f.hang_rate, "hang"),
        (f.malformed_json_rate, "malformed JSON"),
        (f.html_error_rate, "HTML page"),
        (f.truncated_body_rate, "truncated body"),
        (f.wrong_content_type_rate, "wrong content type"),
    ] {
        if rate > 0.0 {
            parts.push(format!("{name} {:.0}%", rate * 100.0));
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let (credentials, custom) = match &args.credentials {
        Some(path) => (DemoCredentials::from_json_file(path)?, true),
        None => (demo_credentials(), false),
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let faults = FaultConfig::from(&args.faults);
        let fault_line = describe_faults(&faults);
        let config = SandboxConfig {
            credentials,
            port: args.port,
            faults,
            admin_token: args.admin_token.map(Into::into),
            ..SandboxConfig::default()
        };
        let sandbox = zhaohuo_sandbox::start(config).await?;
        let creds = sandbox.credentials();
        println!("zhaohuo sandbox listening on {}", sandbox.base_url());
        println!("  app_key:      {}", creds.app_key);
        if custom {
            println!("  app_secret:   (from {})", args.credentials.as_deref().map(|p| p.display().to_string()).unwrap_or_default());
            println!("  access_token: (from the same file)");
        } else {
            // The demo secret is public: it only opens this local sandbox.
            println!("  app_secret:   {}", creds.app_secret.expose());
            println!("  access_token: {}", creds.access_token.expose());
        }
        println!("  AOP:     POST {}/openapi/param2/1/com.alibaba.fenxiao.crossborder/product.image.upload/{}", sandbox.base_url(), creds.app_key);
        println!("           POST {}/openapi/param2/1/com.alibaba.fenxiao.crossborder/product.search.imageQuery/{}", sandbox.base_url(), creds.app_key);
        println!("  TOP:     POST {}/router/rest  (alibaba.image.search.offer.match, alibaba.image.search.item)", sandbox.base_url());
        println!("  Gateway: POST {0}/1688/upload_img/  GET {0}/1688/item_search_img/", sandbox.base_url());
        println!("  Bearer:  POST {0}/auth/requestToken  POST {0}/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch", sandbox.base_url());
        println!("  Faults:  POST {}/__admin/faults   (Ctrl-C to stop)", sandbox.base_url());
        // Printed to the terminal that started this local tool, like the demo
        // secret: the token keeps other local programs and web pages out.
        println!("  Admin:   Authorization: Bearer {}", sandbox.admin_token());
        if let Some(line) = fault_line {
            println!("  Injecting: {line}");
        }
        tokio::signal::ctrl_c().await.context("cannot wait for Ctrl-C")?;
        sandbox.shutdown().await;
        anyhow::Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_probabilities() {
        assert_eq!(parse_rate("0.25"), Ok(0.25));
        assert_eq!(parse_rate("1"), Ok(1.0));
        assert_eq!(parse_rate("0"), Ok(0.0));
        assert_eq!(parse_rate("1.5"), Err(RateArgError::OutOfRange(1.5)));
        assert_eq!(parse_rate("-0.1"), Err(RateArgError::OutOfRange(-0.1)));
        assert!(matches!(parse_rate("NaN"), Err(RateArgError::OutOfRange(_))));
        assert!(matches!(parse_rate("lots"), Err(RateArgError::NotANumber(_))));
    }

    #[test]
    fn flags_map_onto_every_fault_field() {
        let args = FaultArgs {
            fault_latency_ms: 7,
            fault_429_rate: 0.1,
            fault_500_rate: 0.2,
            fault_502_rate: 0.3,
            fault_hang_rate: 0.4,
            fault_malformed_json_rate: 0.5,
            fault_html_rate: 0.6,
            fault_truncated_rate: 0.7,
            fault_wrong_content_type_rate: 0.8,
        };
        let f = FaultConfig::from(&args);
        assert_eq!(
            f,
            FaultConfig {
                latency_ms: 7,
                rate_429: 0.1,
                rate_500: 0.2,
                rate_502: 0.3,
                hang_rate: 0.4,
                malformed_json_rate: 0.5,
                html_error_rate: 0.6,
                truncated_body_rate: 0.7,
                wrong_content_type_rate: 0.8,
            }
        );
        assert_eq!(FaultConfig::from(&FaultArgs::default()), FaultConfig::default());
        assert_eq!(describe_faults(&FaultConfig::default()), None);
        assert_eq!(
            describe_faults(&FaultConfig { latency_ms: 5, rate_429: 1.0, ..FaultConfig::default() }).as_deref(),
            Some("+5 ms latency, 429 100%")
        );
    }
}
