// An error in the buyer's language. The hint (what to do next) is the UI's own
// words for the error's kind, from the catalogue's `errors.hints`; Rust's
// English hint is the fallback for a kind the catalogue does not know yet.
// The message is the detail Rust sent, except for errors the UI raises itself.
import type { BackendError } from "../backend";
import en from "../i18n/en";
import { toBackendError } from "./errors";
import { EN, type TranslationFunctions } from "./i18n";

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

/** "message — hint" on one line in the buyer's language, for places that hold text only (a `<select>` option, a title). */
export function errorLine(err: unknown, LL: TranslationFunctions = EN.LL): string {
  const e = toBackendError(err);
  const hint = hintFor(e, LL);
  return hint ? `${messageFor(e, LL)} — ${hint}` : messageFor(e, LL);
}
