//! `zhaohuo`: the command line for buyers and scripts. Each subcommand lives in
//! its own module and is a thin call into the library crates.

mod prepare;
mod sandbox;
mod search;
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
    /// Search 1688 by photo: a file or an https image address (same history and keychain as the app).
    Search(search::Args),
    /// Prepare a photo exactly as a search would send it, to see why an API rejected it.
    Prepare(prepare::Args),
    /// Compute a request signature (the "signature doctor").
    Sign(sign::Args),
    /// Run the local sandbox gateway over the demo catalog.
    Sandbox(sandbox::Args),
    /// Print a shell completion script, e.g. `zhaohuo completions bash > ~/.local/share/bash-completion/completions/zhaohuo`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        // Its exit code says what kind of failure it was.
        Command::Search(args) => {
            return match search::run(args) {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(failed) => {
                    eprintln!("zhaohuo: {}", failed.text);
                    std::process::ExitCode::from(search::exit_code(failed.kind))
                }
            };
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "zhaohuo",
                &mut std::io::stdout(),
            );
            Ok(())
        }
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
