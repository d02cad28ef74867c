const COMMANDS: &[&str] = include!("commands/names.rs");

fn main() {
    // Each app command gets its own `allow-*` permission, so the capability
    // files grant them one by one instead of all commands to every window.
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed: check tauri.conf.json and capabilities/");
}
