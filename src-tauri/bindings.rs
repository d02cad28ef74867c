//! Generates `ui/src/backend/bindings.ts` — the TypeScript types of every
//! command and payload — from the Rust types, and fails when the committed file
//! is stale. Run `UPDATE_BINDINGS=1 cargo test -p zhaohuo bindings` to refresh.

use std::any::TypeId;
use std::collections::HashSet;

use ts_rs::{Config, TypeVisitor, TS};

use crate::error::ErrorPayload;
use zhaohuo_core::photos::LoadedPhoto;
use zhaohuo_core::profiles::{CredentialInput, ProfileView};
use zhaohuo_core::search::{SearchRequest, SearchResult};
use zhaohuo_core::secrets::SecretField;
use zhaohuo_core::store::{
    HistoryTextHits, ItemId, ItemRef, SearchDetail, SearchId, SearchSummary, Shortlist, ShortlistDetail, ShortlistId,
};
use zhaohuo_core::AppInfo;

/// The TS type of a raw binary request body (`load_photo`).
struct RawBody;

impl TS for RawBody {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &Config) -> String {
        "Uint8Array".into()
    }
    fn inline(cfg: &Config) -> String {
        Self::name(cfg)
    }
}

/// One command as the UI sees it: argument names (camelCase, as Tauri maps
/// them) with their TS types, and the TS type it resolves to.
struct Signature {
    name: &'static str,
    args: Vec<(&'static str, String)>,
    returns: String,
    visit: fn(&mut Collector),
}

/// `sig!(name(arg: Type, …) -> Ret)` records a command's signature.
macro_rules! sig {
    ($name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty) => {
        Signature {
            name: stringify!($name),
            args: vec![$((stringify!($arg), <$ty as TS>::name(&cfg())),)*],
            returns: <$ret as TS>::name(&cfg()),
            visit: |c| { $(c.visit::<$ty>();)* c.visit::<$ret>(); },
        }
    };
}

fn signatures() -> Vec<Signature> {
    vec![
        sig!(app_info() -> AppInfo),
        sig!(open_offer_page(url: String) -> ()),
        sig!(load_photo(body: RawBody) -> LoadedPhoto),
        sig!(paste_photo() -> LoadedPhoto),
        sig!(open_photo() -> Option<LoadedPhoto>),
        sig!(search_photo(request: SearchRequest) -> SearchResult),
        sig!(search_more(search_id: SearchId) -> SearchResult),
        sig!(cancel_search() -> ()),
        sig!(list_history(page: u32, page_size: u32) -> Vec<SearchSummary>),
        sig!(find_in_history(text: String) -> HistoryTextHits),
        sig!(open_search(id: SearchId) -> SearchDetail),
        sig!(delete_search(id: SearchId) -> ()),
        sig!(list_profiles() -> Vec<ProfileView>),
        sig!(set_credential(input: CredentialInput) -> ()),
        sig!(clear_credential(profile: String, field: SecretField) -> ()),
        sig!(set_active_profile(id: String) -> ()),
        sig!(set_profile_base_url(profile: String, url: Option<String>) -> ()),
        sig!(list_shortlists() -> Vec<Shortlist>),
        sig!(create_shortlist(name: String) -> Shortlist),
        sig!(add_to_shortlist(list: ShortlistId, item: ItemRef, note: String) -> ItemId),
        sig!(open_shortlist(id: ShortlistId) -> ShortlistDetail),
        sig!(rename_shortlist(id: ShortlistId, name: String) -> ()),
        sig!(set_shortlist_notes(id: ShortlistId, notes: String) -> ()),
        sig!(set_item_note(item: ItemId, note: String) -> ()),
        sig!(move_shortlist_item(item: ItemId, to: ShortlistId) -> ()),
        sig!(remove_shortlist_item(item: ItemId) -> ()),
        sig!(delete_shortlist(id: ShortlistId) -> ()),
    ]
}

fn cfg() -> Config {
    // Our integers (fen, counts, ids) fit a JS number; serde sends them as numbers.
    Config::new().with_large_int("number")
}

/// Walks the type graph and keeps one declaration per named type.
#[derive(Default)]
struct Collector {
    seen: HashSet<TypeId>,
    decls: Vec<(String, String)>,
}

impl TypeVisitor for Collector {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        // Some types (serde_json::Value) reach the graph under more than one TypeId.
        if T::output_path().is_some() && !self.decls.iter().any(|(name, _)| *name == T::ident(&cfg())) {
            self.decls.push((T::ident(&cfg()), T::decl(&cfg())));
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

fn render() -> String {
    let sigs = signatures();
    let mut collector = Collector::default();
    collector.visit::<ErrorPayload>();
    for s in &sigs {
        (s.visit)(&mut collector);
    }
    let mut decls = collector.decls;
    decls.sort();
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p zhaohuo bindings`.\n\
         // Do not edit by hand; the test command fails when this file is stale.\n\n",
    );
    for (_, decl) in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str("\n/** Every IPC command: its arguments and what it resolves to. */\nexport interface Commands {\n");
    for s in &sigs {
        let args: Vec<String> = s.args.iter().map(|(n, t)| format!("{}: {t}", camel(n))).collect();
        out.push_str(&format!("  {}: {{ args: {{ {} }}; returns: {} }};\n", s.name, args.join("; "), s.returns));
    }
    out.push_str("}\n");
    out
}

/// Tauri passes `snake_case` Rust arguments as `camelCase` keys.
fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_command_has_a_signature() {
    let registered: &[&str] = include!("commands/names.rs");
    let mut described: Vec<&str> = signatures().iter().map(|s| s.name).collect();
    let mut registered = registered.to_vec();
    described.sort();
    registered.sort();
    assert_eq!(described, registered, "commands/names.rs and bindings.rs disagree");
}

/// `handler()` in commands/mod.rs must register exactly the commands in names.rs
/// (a name missing there is an IPC call that fails at run time).
#[test]
fn every_named_command_is_registered() {
    let source = include_str!("commands/mod.rs");
    let list = source
        .split_once("generate_handler![")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .expect("commands/mod.rs calls tauri::generate_handler!");
    let mut handled: Vec<&str> =
        list.split(',').filter_map(|path| path.trim().rsplit("::").next()).filter(|name| !name.is_empty()).collect();
    let names: &[&str] = include!("commands/names.rs");
    let mut registered = names.to_vec();
    handled.sort_unstable();
    registered.sort_unstable();
    assert_eq!(handled, registered, "commands/mod.rs handler() and commands/names.rs disagree");
}

#[test]
fn bindings_are_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/backend/bindings.ts");
    let fresh = render();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/backend/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p zhaohuo bindings` and commit it"
    );
}
