//! `#[zhaohuo_ipc_macros::command]` makes a function's signature the one declaration
//! of an IPC command.
//!
//! It emits the function unchanged under `#[tauri::command]`, plus (in test builds)
//! a module of the same name whose `signature()` describes the command to the
//! bindings generator: the arguments the webview sends and the type the promise
//! resolves to. Arguments Tauri injects (`State`, `AppHandle`, windows) are not sent
//! by the webview and are left out; a `tauri::ipc::Request` is the raw request body.
//!
//! The list of commands lives once, in `commands!{…}` (src-tauri/commands/mod.rs),
//! which builds the invoke handler, the bindings' command table and, read by
//! build.rs, one permission per command. So a command's name, arguments and
//! return type are written in exactly one place, and the compiler checks the rest.

use proc_macro::TokenStream;
use quote::{format_ident, quote};
use syn::{parse_macro_input, FnArg, GenericArgument, ItemFn, Pat, PathArguments, ReturnType, Type};

/// Types Tauri fills in itself; the webview never sends them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

#[proc_macro_attribute]
pub fn command(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return syn::Error::new(proc_macro2::Span::call_site(), "#[command] takes no arguments")
            .to_compile_error()
            .into();
    }
    let function = parse_macro_input!(item as ItemFn);
    match expand(&function) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

fn expand(function: &ItemFn) -> syn::Result<proc_macro2::TokenStream> {
    let name = &function.sig.ident;
    let mut args = Vec::new();
    for input in &function.sig.inputs {
        let FnArg::Typed(typed) = input else {
            return Err(syn::Error::new_spanned(input, "a command cannot take `self`"));
        };
        let Pat::Ident(ident) = typed.pat.as_ref() else {
            return Err(syn::Error::new_spanned(&typed.pat, "command arguments must be plain names"));
        };
        match last_segment(&typed.ty).as_deref() {
            Some(segment) if INJECTED.contains(&segment) => {}
            // The raw body: bytes the webview sends as-is (no JSON, no base64).
            Some("Request") => args.push(quote!(body: crate::bindings::RawBody)),
            _ => {
                let (arg, ty) = (&ident.ident, &typed.ty);
                args.push(quote!(#arg: #ty));
            }
        }
    }
    let returns = match &function.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => {
            let ok = ok_type(ty).unwrap_or(ty);
            quote!(#ok)
        }
    };
    let module = format_ident!("{}", name);
    Ok(quote! {
        #[::tauri::command]
        #function

        /// The command's signature for the generated TypeScript bindings.
        #[cfg(test)]
        #[doc(hidden)]
        pub mod #module {
            #[allow(unused_imports)]
            use super::*;

            pub fn signature() -> crate::bindings::Signature {
                crate::bindings::signature!(#name(#(#args),*) -> #returns)
            }
        }
    })
}

fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(reference) => last_segment(&reference.elem),
        _ => None,
    }
}

/// `CommandResult<T>` / `Result<T, E>` → `T`: the type the UI's promise resolves to.
fn ok_type(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    if segment.ident != "CommandResult" && segment.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(generics) = &segment.arguments else { return None };
    generics.args.iter().find_map(|arg| match arg {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}
