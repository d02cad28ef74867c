//! `zhaohuo prepare`.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`zhaohuo prepare` is not built yet")
}
