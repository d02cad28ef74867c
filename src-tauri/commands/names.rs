// The app's IPC commands, one list shared by build.rs (which generates an
// `allow-<name>` permission for each) and the bindings test (which checks
// every name has a typed signature). Add a command here, in `handler()` and
// in a capability file.
&[
    "app_info",
    "open_offer_page",
    "load_photo",
    "paste_photo",
    "open_photo",
    "search_photo",
    "search_more",
    "cancel_search",
    "list_history",
    "find_in_history",
    "open_search",
    "delete_search",
    "list_profiles",
    "set_credential",
    "clear_credential",
    "set_active_profile",
    "set_profile_base_url",
    "list_shortlists",
    "create_shortlist",
    "add_to_shortlist",
    "open_shortlist",
    "rename_shortlist",
    "set_shortlist_notes",
    "set_item_note",
    "move_shortlist_item",
    "remove_shortlist_item",
    "delete_shortlist",
]
