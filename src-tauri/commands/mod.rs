//! IPC commands, grouped by domain. Each is a few lines that call `zhaohuo_core`.

pub mod app;
pub mod history;
pub mod photo;
pub mod search;
pub mod settings;
pub mod shortlists;

/// The invoke handler for every command in `names.rs`.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_info,
        app::open_offer_page,
        photo::load_photo,
        photo::paste_photo,
        photo::open_photo,
        search::search_photo,
        search::search_more,
        search::cancel_search,
        history::list_history,
        history::find_in_history,
        history::open_search,
        history::delete_search,
        settings::list_profiles,
        settings::set_credential,
        settings::clear_credential,
        settings::set_active_profile,
        settings::set_profile_base_url,
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
    ]
}
