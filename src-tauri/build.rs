//! Generates one `allow-<command>` permission per app command, so the capability
//! files grant commands one by one instead of all of them to every window.
//!
//! The command names come from the one list of commands, `commands!{…}` in
//! src-tauri/commands/mod.rs, read here as text: build scripts cannot see the crate's
//! items, and reading the list keeps it the only place a command is named.

fn command_names(source: &str) -> Vec<String> {
    let list = source
        .split_once("\ncommands! {")
        .and_then(|(_, rest)| rest.split_once('}'))
        .map(|(list, _)| list)
        .expect("src-tauri/commands/mod.rs must hold the command list `commands! { module::name, … }`");
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let name = entry.rsplit("::").next().unwrap_or(entry);
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "command list entry `{entry}` is not `module::snake_case_name`"
            );
            name.to_string()
        })
        .collect()
}

fn main() {
    const LIST: &str = "src-tauri/commands/mod.rs";
    println!("cargo:rerun-if-changed={LIST}");
    let source = std::fs::read_to_string(LIST).expect("read src-tauri/commands/mod.rs");
    let names = command_names(&source);
    let names: Vec<&'static str> = names.into_iter().map(|n| &*Box::leak(n.into_boxed_str())).collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice()));
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed: check tauri.conf.json and capabilities/");
}
