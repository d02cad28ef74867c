//! The local sandbox gateway: speaks every supported API family (AOP, TOP
//! router, aggregator gateway, bearer) over a generated demo catalog, with
//! real signature checks, limits and injectable faults. The app's `Demo`
//! profile and every integration test talk to it.

pub mod catalog;
mod config;
mod failure;
mod families;
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
pub use rng::SplitMix;
pub use server::{start, RunningSandbox};
