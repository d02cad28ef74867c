//! Generates `ui/src/backend/bindings.ts` — the TypeScript types of every
//! command and payload — from the Rust types, and fails when the committed file
//! is stale. Run `UPDATE_BINDINGS=1 cargo test -p zhaohuo bindings` to refresh.

use std::any::TypeId;
use std::collections::HashSet;

use ts_rs::{Config, TypeVisitor, TS};

use zhaohuo_core::ErrorPayload;

/// The TS type of a raw binary request body (`load_photo`).
pub struct RawBody;

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
pub struct Signature {
    pub name: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub returns: String,
    pub visit: fn(&mut Collector),
}

/// `signature!(name(arg: Type, …) -> Ret)` describes a command; `#[command]` writes
/// the call from the function's own signature, so it is never typed by hand.
macro_rules! signature {
    ($name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty) => {
        $crate::bindings::Signature {
            name: stringify!($name),
            args: vec![$((stringify!($arg), <$ty as ::ts_rs::TS>::name(&$crate::bindings::cfg())),)*],
            returns: <$ret as ::ts_rs::TS>::name(&$crate::bindings::cfg()),
            visit: |c| {
                $(::ts_rs::TypeVisitor::visit::<$ty>(c);)*
                ::ts_rs::TypeVisitor::visit::<$ret>(c);
            },
        }
    };
}
pub(crate) use signature;

pub fn cfg() -> Config {
    // Our integers (fen, counts, ids) fit a JS number; serde sends them as numbers.
    Config::new().with_large_int("number")
}

/// Walks the type graph and keeps one declaration per named type.
#[derive(Default)]
pub struct Collector {
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
    let sigs = crate::commands::signatures();
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
