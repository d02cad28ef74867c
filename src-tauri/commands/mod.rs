//! IPC commands, grouped by domain. Each is a few lines that call `zhaohuo_core`.
//!
//! Adding a command: write it with `#[command]` in its domain module, add it to the
//! list below, grant its `allow-<name>` permission in a file of `capabilities/`, and
//! call it from the UI. The list is the only one: it builds the invoke handler and the
//! bindings' command table, and build.rs reads it to generate the permissions. A test
//! fails when a command is granted by no capability or a capability names no command.

pub mod app;
pub mod export;
pub mod history;
pub mod photo;
pub mod search;
pub mod settings;
pub mod shortlists;
pub mod signin;

/// Turns the list of `module::command` paths into the handler, the names and (in
/// tests) the signatures.
macro_rules! commands {
    ($($module:ident :: $name:ident),* $(,)?) => {
        /// The invoke handler for every command.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$name),*]
        }

        /// Every command's name, as the webview invokes it.
        #[cfg(test)]
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Every command's signature, for the generated TypeScript bindings.
        #[cfg(test)]
        pub fn signatures() -> Vec<crate::bindings::Signature> {
            vec![$($module::$name::signature()),*]
        }
    };
}

commands! {
    app::app_info,
    app::open_offer_page,
    photo::load_photo,
    photo::paste_photo,
    photo::open_photo,
    photo::load_photo_url,
    search::search_photo,
    search::search_more,
    search::cancel_search,
    search::count_calls,
    export::export_search,
    export::export_shortlist,
    history::list_history,
    history::find_in_history,
    history::open_search,
    history::delete_search,
    settings::list_profiles,
    settings::set_credential,
    settings::clear_credential,
    settings::set_active_profile,
    settings::set_profile_base_url,
    signin::sign_in_url,
    signin::finish_sign_in,
    signin::cancel_sign_in,
    signin::sign_out,
    signin::sign_in_status,
    signin::test_connection,
    shortlists::list_shortlists,
    shortlists::create_shortlist,
    shortlists::add_to_shortlist,
    shortlists::open_shortlist,
    shortlists::rename_shortlist,
    shortlists::set_shortlist_notes,
    shortlists::set_item_note,
    shortlists::move_shortlist_item,
    shortlists::remove_shortlist_item,
    shortlists::delete_shortlist,
}
