// Search: the buyer drops, pastes or opens a product photo.
import type { View } from "../app";
import { h, mount } from "../lib/dom";
import { photoFromDrop, photoFromPaste } from "../lib/photo-input";

export const searchView: View = (root) => {
  const preview = h("div", { class: "preview", "data-testid": "photo-preview" });
  const status = h("p", { class: "status", role: "status", "data-testid": "search-status" });
  const zone = h(
    "section",
    { class: "dropzone", "data-testid": "dropzone", tabindex: 0, "aria-label": "Drop a product photo" },
    h("div", { class: "dropzone-icon", "aria-hidden": "true" }, "⤓"),
    h("h1", {}, "Drop a product photo"),
    h("p", {}, "拖入商品图片 · paste a screenshot with Ctrl+V · or choose a file"),
  );

  function show(photo: Blob, source: string): void {
    const url = URL.createObjectURL(photo);
    const img = h("img", { src: url, alt: "Your photo", "data-testid": "photo-image" });
    img.addEventListener("load", () => URL.revokeObjectURL(url), { once: true });
    mount(preview, img);
    status.textContent = `Photo received (${source}, ${Math.round(photo.size / 1024)} KB).`;
  }

  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const photo = photoFromDrop(event.dataTransfer);
    if (photo) show(photo, "dropped");
    else status.textContent = "That was not an image file. Drop a JPEG, PNG, WebP, GIF, BMP or TIFF photo.";
  });
  const onPaste = (event: ClipboardEvent) => {
    const photo = photoFromPaste(event.clipboardData);
    if (photo) {
      event.preventDefault();
      show(photo, "pasted");
    }
  };
  document.addEventListener("paste", onPaste);

  mount(root, h("div", { class: "search" }, zone, status, preview));
  return () => document.removeEventListener("paste", onPaste);
};
