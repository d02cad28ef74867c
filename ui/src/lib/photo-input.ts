// Where a photo comes from in the webview: a drop or a paste. Both give a Blob;
// the bytes go to Rust, which decides by content whether it is an image.
//
// Pure choices only (no DOM globals): the functions take the few fields they
// read, so Vitest can feed them plain objects and the views feed them the
// real `DataTransfer`, `ClipboardEvent.clipboardData` and event targets.

/** The parts of a `DataTransfer` a drop is read from. */
export type DropData<F> = { readonly files: ArrayLike<F> };
/** The parts of a paste's `clipboardData` the photo is read from. */
export type PasteData<F> = {
  readonly items: ArrayLike<{ readonly kind: string; readonly type: string; getAsFile(): F | null }>;
};
/** An event target as far as "is this somewhere the buyer types?" goes. */
export type FieldLike = { readonly tagName?: string; readonly type?: string; readonly isContentEditable?: boolean };

type Typed = { readonly type: string };

/** `<input>` types that hold typed text; a paste or a dropped text belongs to them. */
const TEXT_INPUTS = new Set(["", "text", "search", "url", "tel", "email", "password", "number", "date", "datetime-local", "month", "time", "week"]);

/** Whether `target` is a field the buyer types into (inputs, textareas, contenteditable). */
export function isTextField(target: FieldLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === "TEXTAREA") return true;
  if (tag === "INPUT") return TEXT_INPUTS.has((target.type ?? "").toLowerCase());
  return false;
}

/**
 * The file of a drop to send to Rust, or null when none can be a photo.
 * An `image/*` file wins over one without a type (the OS did not know it: HEIC
 * on some desktops, files without an extension), whatever their order; files
 * typed as something else (text, PDF, …) are never taken.
 */
export function photoFromDrop<F extends Typed>(data: DropData<F> | null | undefined): F | null {
  if (!data) return null;
  const files = Array.from(data.files);
  return files.find((f) => f.type.startsWith("image/")) ?? files.find((f) => f.type === "") ?? null;
}

/** The first image file on a paste, or null (text and HTML items are left alone). */
export function photoFromPaste<F>(data: PasteData<F> | null | undefined): F | null {
  if (!data) return null;
  for (const item of Array.from(data.items)) {
    if (item.kind !== "file" || !item.type.startsWith("image/")) continue;
    const file = item.getAsFile();
    if (file) return file;
  }
  return null;
}

/** What to do with a paste event on the Search place. */
export type PasteAction<F> =
  | { kind: "ignore" } // the buyer is typing: the paste is theirs
  | { kind: "file"; file: F } // the page got the image itself
  | { kind: "backend" }; // no image in the event: let Rust read the system clipboard

export function pasteAction<F>(data: PasteData<F> | null | undefined, target: FieldLike | null | undefined): PasteAction<F> {
  if (isTextField(target)) return { kind: "ignore" };
  const file = photoFromPaste(data);
  return file ? { kind: "file", file } : { kind: "backend" };
}

/** Whether a key press is the paste shortcut (Ctrl+V, or Cmd+V on macOS). */
export function isPasteShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return event.key.toLowerCase() === "v" && (event.ctrlKey || event.metaKey) && !event.altKey;
}

/**
 * What a drag over the window is:
 * - `editable`: text dragged onto a text field; the browser's own handling inserts it.
 * - `ignore`: a drag that started in this page (an offer image, a link); it must not
 *   navigate away nor count as a photo.
 * - `photo`: anything from outside; a drop goes to the Search place, which takes an
 *   image file or says plainly that it was not one.
 */
export type DragIntent = "photo" | "editable" | "ignore";

export function dragIntent(drag: { types: readonly string[]; internal: boolean; target: FieldLike | null | undefined }): DragIntent {
  const hasFiles = drag.types.includes("Files");
  if (!hasFiles && isTextField(drag.target)) return "editable";
  if (drag.internal) return "ignore";
  return "photo";
}
