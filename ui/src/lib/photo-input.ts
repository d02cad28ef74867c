// Where a photo comes from in the webview: a drop or a paste. Both give a Blob
// (the bytes go to Rust, which decides by content whether it is an image) or a
// web address (Rust's `load_photo_url` downloads it and decides the same way).
//
// Pure choices only (no DOM globals): the functions take the few fields they
// read, so Vitest can feed them plain objects and the views feed them the
// real `DataTransfer`, `ClipboardEvent.clipboardData` and event targets.

/** The text a `DataTransfer` holds of a type (`""` when none); absent on data that has no text. */
type TextData = { getData?(type: string): string };
/** The parts of a `DataTransfer` a drop is read from. */
export type DropData<F> = { readonly files: ArrayLike<F> } & TextData;
/** The parts of a paste's `clipboardData` the photo is read from. */
export type PasteData<F> = {
  readonly items: ArrayLike<{ readonly kind: string; readonly type: string; getAsFile(): F | null }>;
} & TextData;
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

/**
 * `text` as a web address to fetch a picture from, trimmed, or null when it is
 * not one: a single http(s) address with a host (no spaces, so a sentence that
 * mentions a link is not taken). `http:` counts, so the buyer hears from Rust
 * why only https is fetched rather than nothing at all.
 */
export function webLink(text: string | null | undefined): string | null {
  const t = (text ?? "").trim();
  if (!/^https?:\/\//i.test(t) || /\s/.test(t)) return null;
  try {
    return new URL(t).hostname ? t : null;
  } catch {
    return null;
  }
}

/** The first web address of a `text/uri-list` (one address a line, `#` lines are comments). */
export function linkFromUriList(list: string | null | undefined): string | null {
  for (const line of (list ?? "").split(/\r?\n/)) {
    if (line.trim().startsWith("#")) continue;
    const link = webLink(line);
    if (link) return link;
  }
  return null;
}

/** The web address a paste or drop carries as text: its `text/uri-list`, else its `text/plain`; null when neither is one. */
export function linkFromData(data: TextData | null | undefined): string | null {
  const get = (type: string) => {
    try {
      return data?.getData?.(type) ?? "";
    } catch {
      return ""; // a DataTransfer that is no longer readable
    }
  };
  return linkFromUriList(get("text/uri-list")) ?? webLink(get("text/plain"));
}

/** What to do with a paste event on the Search place. */
export type PasteAction<F> =
  | { kind: "ignore" } // the buyer is typing: the paste is theirs
  | { kind: "file"; file: F } // the page got the image itself
  | { kind: "link"; url: string } // a picture's web address: Rust downloads it
  | { kind: "backend" }; // no image nor link in the event: let Rust read the system clipboard

/** An image in the paste wins; then a web address in its text; else Rust reads the clipboard (a screenshot the webview cannot see). */
export function pasteAction<F>(data: PasteData<F> | null | undefined, target: FieldLike | null | undefined): PasteAction<F> {
  if (isTextField(target)) return { kind: "ignore" };
  const file = photoFromPaste(data);
  if (file) return { kind: "file", file };
  const url = linkFromData(data);
  return url ? { kind: "link", url } : { kind: "backend" };
}

/** What a drop from outside the page brings. */
export type DropAction<F> =
  | { kind: "file"; file: F | null } // files: the one that may be a photo, or null when none can be
  | { kind: "link"; url: string }; // no files, a web address (a link or picture dragged from a browser)

/** Files win (null when none can be a photo, which the buyer is told); without files, a web address in the drop's text. */
export function dropAction<F extends Typed>(data: DropData<F> | null | undefined): DropAction<F> {
  if (data && data.files.length > 0) return { kind: "file", file: photoFromDrop(data) };
  const url = linkFromData(data);
  return url ? { kind: "link", url } : { kind: "file", file: null };
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
