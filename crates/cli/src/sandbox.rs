//! `zhaohuo sandbox`: runs the local gateway over the demo catalog until Ctrl-C.

use std::path::PathBuf;

use anyhow::Context as _;
use zhaohuo_sandbox::{demo_credentials, DemoCredentials, SandboxConfig};

#[derive(clap::Args)]
pub struct Args {
    /// Port to listen on (127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 8688)]
    port: u16,
    /// JSON file with `app_key`, `app_secret` and `access_token` to accept instead of the demo ones.
    #[arg(long, value_name = "FILE")]
    credentials: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let (credentials, custom) = match &args.credentials {
        Some(path) => (DemoCredentials::from_json_file(path)?, true),
        None => (demo_credentials(), false),
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let config = SandboxConfig { credentials, port: args.port, ..SandboxConfig::default() };
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
        println!("  Bearer:  GET  {0}/auth/requestToken  POST {0}/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch", sandbox.base_url());
        println!("  Faults:  POST {}/__admin/faults   (Ctrl-C to stop)", sandbox.base_url());
        tokio::signal::ctrl_c().await.context("cannot wait for Ctrl-C")?;
        sandbox.shutdown().await;
        anyhow::Ok(())
    })
}
