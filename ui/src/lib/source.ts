// What the picture on the stage is, in words: "Screenshot from the clipboard,
// 1920×1080 PNG", "Photo file, 4032×3024 JPEG", "Image from a link, …". Built
// from `LoadedPhoto.source` (what Rust found the picture to be) and where the
// buyer brought it from; never the decoder's own names ("rawrgba"). Pure, unit-tested.
import type { PhotoFormat, SourceDescription } from "../backend/bindings";
import { EN, type TranslationFunctions } from "./i18n";

/**
 * Where a photo came from: dropped on the window, pasted, chosen in Open… (or
 * a sample), or downloaded from a web address pasted or dropped (`load_photo_url`).
 */
export type Origin = "dropped" | "pasted" | "chosen" | "link";

/** Formats with a name the buyer knows; `pasted` pixels and `other` have none to show. */
type Named = Exclude<PhotoFormat, "pasted" | "other">;
const named = (format: PhotoFormat): format is Named => format !== "pasted" && format !== "other";

/** "1920×1080 PNG", or "1920×1080" when the format has no name. */
function size({ width, height, format }: SourceDescription, LL: TranslationFunctions): string {
  return named(format) ? LL.source.sizeFormat({ width, height, format: LL.source.formats[format]() }) : LL.source.size({ width, height });
}

/** The picture in words, for the line under the photo and the status line. */
export function sourceWords(source: SourceDescription, origin: Origin, LL: TranslationFunctions = EN.LL): string {
  const dims = size(source, LL);
  // Clipboard pixels say where they came from whatever the path that brought them.
  if (origin === "pasted" || source.format === "pasted") return LL.source.clipboard({ kind: LL.source.kind[source.kind](), size: dims });
  if (origin === "link") return LL.source.link({ size: dims });
  return LL.source.file({ kind: LL.source.kind[source.kind](), size: dims });
}
