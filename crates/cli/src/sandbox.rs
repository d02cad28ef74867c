//! `zhaohuo sandbox`.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`zhaohuo sandbox` is not built yet")
}
