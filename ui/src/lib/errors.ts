// Every failure the buyer sees has a message and, when there is one, a hint on
// what to do next. Backend errors already carry both; this turns anything else
// thrown in the webview into the same shape, so one display fits all places.
import { BackendError, type AnyKind } from "../backend";

/**
 * Where the fix for a failure lies, so the UI can offer the right way out
 * (Try again, another photo, Settings) instead of reading message text.
 * - `quiet`: nothing failed for the buyer (a search or sign-in they replaced or stopped); show nothing.
 * - `again`: may work unchanged, tried again soon (throttling, network, a busy database).
 * - `photo`: this photo, file or crop cannot be used; another one, or crop again.
 * - `input`: a value the buyer typed or chose (a filter, a name) or a list that changed.
 * - `settings`: a provider profile or credential needs fixing in Settings.
 * - `later`: nothing to do until tomorrow (the day's quota), or another profile.
 * - `computer`: something on this computer (clock, keychain, disk, database file, ports, browser).
 * - `bug`: not the buyer's doing; the log has details.
 */
export type Remedy = "quiet" | "again" | "photo" | "input" | "settings" | "later" | "computer" | "bug";

/**
 * Every kind the UI can meet and where its fix lies. A `Record` over the
 * generated union: a kind added in Rust fails `tsc` here until it is placed,
 * and a kind renamed or removed there fails as an unknown key.
 */
export const REMEDY: Record<AnyKind, Remedy> = {
  "photo.unsupported_format": "photo",
  "photo.too_large": "photo",
  "photo.corrupt": "photo",
  "photo.invalid_crop": "photo",
  "photo.cannot_fit": "photo",
  "photo.invalid_spec": "settings",
  "photo.encode_failed": "again",
  "photo.gone": "photo",
  "provider.bad_credentials": "settings",
  "provider.signature_invalid": "settings",
  "provider.clock_skew": "computer",
  "provider.permission_denied": "settings",
  "provider.api_unsupported": "settings",
  "provider.ip_not_whitelisted": "settings",
  "provider.token_expired": "settings",
  "provider.rate_limited": "again",
  "provider.quota_exhausted": "later",
  "provider.image_rejected": "photo",
  "provider.bad_request": "input",
  "provider.server_error": "again",
  "provider.timeout": "again",
  "provider.network": "again",
  "provider.malformed_response": "again",
  "provider.invalid_profile": "settings",
  "provider.reply_too_large": "settings",
  "provider.insecure_url": "settings",
  "provider.redirected": "settings",
  "provider.invalid_query": "input",
  "provider.sign_in_expired": "settings",
  "provider.usage_exhausted": "settings",
  "store.database": "bug",
  "store.open": "computer",
  "store.corrupt": "computer",
  "store.too_new": "computer",
  "store.busy": "again",
  "store.disk": "computer",
  "store.migration": "computer",
  "store.not_found": "input",
  "store.invalid": "input",
  "store.secret_in_settings": "settings",
  "store.worker": "bug",
  "secrets.no_native_store": "computer",
  "secrets.unavailable": "computer",
  "secrets.locked": "computer",
  "secrets.not_set": "settings",
  "secrets.rejected": "settings",
  "secrets.corrupt": "settings",
  "secrets.ambiguous": "settings",
  "secrets.invalid_profile": "settings",
  "secrets.empty": "settings",
  "sandbox.bind_failed": "computer",
  "sandbox.credentials_unreadable": "computer",
  "sandbox.credentials_invalid": "computer",
  "sandbox.start": "computer",
  "search.cancelled": "quiet",
  "search.gone": "again",
  "profile.unknown": "settings",
  "profile.bad_url": "settings",
  "profile.missing_credential": "settings",
  "link.not_offer_page": "input",
  "link.bad_address": "input",
  "link.not_https": "input",
  "link.private_address": "input",
  "link.too_many_redirects": "photo",
  "link.too_large": "photo",
  "link.not_an_image": "input",
  "link.timeout": "again",
  "link.http_status": "photo",
  "link.unreachable": "again",
  "export.write": "input",
  "export.encode": "bug",
  "signin.not_supported": "settings",
  "signin.not_started": "again",
  "signin.state_mismatch": "again",
  "signin.state_stale": "again",
  "signin.no_code": "again",
  "signin.denied": "again",
  "signin.listener": "computer",
  "signin.cancelled": "quiet",
  internal: "bug",
  "ipc.bad_body": "bug",
  "clipboard.no_image": "photo",
  "file.not_local": "photo",
  "file.unreadable": "photo",
  "os.open_failed": "computer",
  // The webview's own kinds.
  ui: "bug",
  "ui.not_image": "photo",
  ipc: "bug",
  "fake.unhandled": "bug",
};

/** Where the fix for `err` lies (anything not a `BackendError` is a `bug`). */
export function remedy(err: unknown): Remedy {
  return REMEDY[toBackendError(err).kind];
}

/** DOMException names for a file the webview could not read (a dropped folder, a file gone or locked). */
const UNREADABLE = new Set(["NotReadableError", "NotFoundError", "SecurityError"]);

/** `err` as a `BackendError`: itself when it is one, else a UI-side error with a kind. */
export function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  const name = typeof err === "object" && err !== null && "name" in err ? String((err as { name: unknown }).name) : "";
  if (UNREADABLE.has(name)) {
    return new BackendError({
      kind: "file.unreadable",
      message: "the file could not be read",
      hint: "Drop a photo file rather than a folder, or copy the photo and press Ctrl+V.",
    });
  }
  const message = err instanceof Error ? err.message || err.name : String(err);
  return new BackendError({ kind: "ui", message, hint: null });
}

/** "message — hint" on one line, for places that hold text only (a `<select>` option, a title). */
export function errorText(err: unknown): string {
  const e = toBackendError(err);
  return e.hint ? `${e.message} — ${e.hint}` : e.message;
}
