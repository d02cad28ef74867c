// Every failure the buyer sees has a message and, when there is one, a hint on
// what to do next. Backend errors already carry both; this turns anything else
// thrown in the webview into the same shape, so one display fits all places.
import { BackendError } from "../backend";

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
