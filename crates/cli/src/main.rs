//! `zhaohuo`: the command line for buyers and scripts. Each subcommand lives in
//! its own module and is a thin call into the library crates.

mod prepare;
mod sandbox;
mod sign;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "zhaohuo", version, about = "Find 1688 offers by photo, from the command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Prepare a photo exactly as a search would send it, to see why an API rejected it.
    Prepare(prepare::Args),
    /// Compute a request signature (the "signature doctor").
    Sign(sign::Args),
    /// Run the local sandbox gateway over the demo catalog.
    Sandbox(sandbox::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Prepare(args) => prepare::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Sandbox(args) => sandbox::run(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("zhaohuo: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
