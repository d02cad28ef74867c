//! `zhaohuo sign`.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`zhaohuo sign` is not built yet")
}
