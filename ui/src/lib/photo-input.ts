// Where a photo comes from in the webview: a drop or a paste. Both give a Blob;
// the bytes go to Rust, which decides by content whether it is an image.

/** The first file in a drop that looks like an image, or null. */
export function photoFromDrop(data: DataTransfer | null): File | null {
  if (!data) return null;
  for (const file of Array.from(data.files)) {
    if (file.type.startsWith("image/") || file.type === "") return file;
  }
  return null;
}

/** The first image item on a paste, or null (text pastes are left alone). */
export function photoFromPaste(data: DataTransfer | null): File | null {
  if (!data) return null;
  for (const item of Array.from(data.items)) {
    if (item.kind === "file" && item.type.startsWith("image/")) return item.getAsFile();
  }
  return null;
}
