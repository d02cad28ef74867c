// Every failure the buyer sees has a message and, when there is one, a hint on
// what to do next. Backend errors already carry both; this turns anything else
// thrown in the webview into the same shape, so one display fits all places.
// The hint is the UI's own words for the error's kind, in the buyer's language
// (the catalogue's `errors.hints`); Rust's English hint is the fallback for a
// kind the catalogue does not know yet.
import { BackendError } from "../backend";
import en from "../i18n/en";
import { EN, type TranslationFunctions } from "./i18n";

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

/** The catalogue's hint for `kind` ("store.busy" → errors.hints.store.busy), or undefined. */
export function catalogueHint(kind: string, LL: TranslationFunctions): string | undefined {
  // The base catalogue says whether the kind has a hint (every language has the
  // same keys); `LL` is a proxy that answers any key, so it cannot.
  const parts = kind.split(".");
  let known: unknown = (en as { errors: unknown }).errors;
  for (const part of ["hints", ...parts]) {
    if (typeof known !== "object" || known === null || !Object.hasOwn(known, part)) return undefined;
    known = (known as Record<string, unknown>)[part];
  }
  if (typeof known !== "string") return undefined;
  let node: unknown = LL.errors.hints;
  for (const part of parts) node = (node as Record<string, unknown>)[part];
  return String((node as () => string)());
}

/** What to do next, in the buyer's language when the catalogue knows the kind. */
export function hintFor(e: BackendError, LL: TranslationFunctions = EN.LL): string | null {
  return catalogueHint(e.kind, LL) ?? e.hint;
}

/** The message: the UI's words for errors the UI raises itself, the detail Rust sent otherwise. */
export function messageFor(e: BackendError, LL: TranslationFunctions = EN.LL): string {
  return e.kind === "ui.not_image" ? LL.search.notImage() : e.message;
}

/** "message — hint" on one line, for places that hold text only (a `<select>` option, a title). */
export function errorText(err: unknown, LL: TranslationFunctions = EN.LL): string {
  const e = toBackendError(err);
  const hint = hintFor(e, LL);
  return hint ? `${messageFor(e, LL)} — ${hint}` : messageFor(e, LL);
}
