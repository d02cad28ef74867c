//! Project tasks, so a fresh machine needs two commands:
//! `cargo xtask run` (the app on the embedded sandbox) and `cargo xtask test`
//! (every test layer, one summary line). Each installs what it is missing.

mod bundle;
mod layers;
mod setup;
mod sh;

use anyhow::{bail, Result};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("bench") => layers::bench(),
        Some("bundle") => bundle::bundle(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask run [--xvfb]   build and open the app (on the embedded sandbox)\n\
                 \x20      cargo xtask test          run every test layer, print `N passed, N failed`\n\
                 \x20      cargo xtask bench         run the benchmarks and print their tables\n\
                 \x20      cargo xtask bundle [--check]  build the installable app (.deb, .rpm); --check installs\n\
                 \x20                                the .deb into a temporary root and runs a demo search in it"
            );
            return std::process::ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => std::process::ExitCode::from(code),
        Err(err) => {
            eprintln!("xtask: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<u8> {
    let xvfb = args.iter().any(|a| a == "--xvfb");
    setup::system_packages(setup::Need::App)?;
    setup::npm_packages()?;
    layers::build_ui()?;
    let app = layers::build_app()?;
    let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if xvfb {
        // A virtual display, a D-Bus session and an unlocked keyring, as on a desktop.
        return sh::in_desktop_session(&format!("{} ", sh::quote(&app.display().to_string())), true);
    }
    if !has_display {
        bail!(
            "no display here (DISPLAY is not set). On a headless machine run `cargo xtask run --xvfb` \
             (the app under Xvfb with a D-Bus session and an unlocked keyring), or `xvfb-run -a dbus-run-session -- {}`",
            app.display()
        );
    }
    let status = std::process::Command::new(&app).status()?;
    Ok(if status.success() { 0 } else { 1 })
}

fn test(args: &[String]) -> Result<u8> {
    if args.iter().any(|a| a == "--in-session") {
        return layers::all_layers();
    }
    setup::system_packages(setup::Need::Tests)?;
    setup::npm_packages()?;
    setup::tauri_driver()?;
    setup::nextest()?;
    // Everything runs inside one D-Bus session with gnome-keyring unlocked and an
    // Xvfb display, so keychain and window tests talk to the real things.
    let me = std::env::current_exe()?;
    sh::in_desktop_session(&format!("{} test --in-session", sh::quote(&me.display().to_string())), false)
}
