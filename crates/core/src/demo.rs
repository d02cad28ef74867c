//! The `demo` profile: the sandbox gateway started in-process on loopback, with
//! its credentials saved through the secret store like any other profile's, so
//! the client signs and calls it exactly as it would 1688.

use std::sync::Arc;

use zhaohuo_sandbox::{RunningSandbox, SandboxConfig};
use zhaohuo_secrets::{SecretField, SecretStore};

use crate::Error;

pub use zhaohuo_providers::DEMO_PROFILE;

pub async fn start(secrets: Arc<dyn SecretStore>) -> Result<RunningSandbox, Error> {
    let sandbox = zhaohuo_sandbox::start(SandboxConfig { port: 0, ..SandboxConfig::default() }).await?;
    let creds = sandbox.credentials().clone();
    tokio::task::spawn_blocking(move || {
        secrets.set(DEMO_PROFILE, SecretField::AppKey, creds.app_key.clone().into())?;
        secrets.set(DEMO_PROFILE, SecretField::AppSecret, creds.app_secret.clone())?;
        secrets.set(DEMO_PROFILE, SecretField::AccessToken, creds.access_token.clone())?;
        Ok::<_, Error>(())
    })
    .await??;
    tracing::info!(url = %sandbox.base_url(), "demo gateway started");
    Ok(sandbox)
}
