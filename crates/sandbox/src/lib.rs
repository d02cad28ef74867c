//! The local sandbox gateway: speaks every supported API family (AOP, TOP
//! router, aggregator gateway, bearer) over a generated demo catalog, with
//! real signature checks, limits and injectable faults, and 1688's OAuth
//! sign-in. The app's `Demo` profile and every integration test talk to it.

pub mod catalog;
mod config;
mod failure;
mod families;
mod oauth;
pub mod perturb;
pub mod render;
mod rng;
pub mod search;
mod server;
pub mod vision;

pub use config::{
    demo_credentials, DemoCredentials, FaultConfig, ImageCaps, SandboxConfig, SandboxError, Whitelist, DEMO_APP_KEY,
    EXPIRED_ACCESS_TOKEN,
};
pub use oauth::{OAuthCounts, SANDBOX_MEMBER_ID};
pub use rng::SplitMix;
pub use server::{start, RunningSandbox};
