// Search: the buyer drops, pastes or opens a product photo; the app suggests a
// crop around the product, searches at once, and lists the offers. Dragging on
// the photo draws a new crop and searches again.
import type { View } from "../app";
import { BackendError, type CropBox, type LoadedPhoto, type SearchResult } from "../backend";
import { h, mount } from "../lib/dom";
import { cropFromDrag, type Point } from "../lib/crop";
import { offerCard } from "./offer-card";
import { shortlistPicker } from "./shortlist-picker";
import { photoFromDrop, photoFromPaste } from "../lib/photo-input";

export const searchView: View = (root, backend) => {
  let photo: LoadedPhoto | null = null;
  let crop: CropBox | null = null;

  const status = h("p", { class: "status", role: "status", "data-testid": "search-status" });
  const stage = h("div", { class: "stage", "data-testid": "photo-stage" });
  const results = h("section", { class: "results", "data-testid": "results", "aria-live": "polite" });
  const openButton = h("button", { class: "secondary", "data-testid": "open-photo" }, "Open…");
  const zone = h(
    "section",
    { class: "dropzone", "data-testid": "dropzone", tabindex: 0, "aria-label": "Drop a product photo" },
    h("div", { class: "dropzone-icon", "aria-hidden": "true" }, "⤓"),
    h("h1", {}, "Drop a product photo"),
    h("p", {}, "拖入商品图片 · paste a screenshot with Ctrl+V · or ", openButton),
  );

  function showError(err: unknown): void {
    const e = err instanceof BackendError ? err : new BackendError({ kind: "ui", message: String(err), hint: null });
    status.replaceChildren(
      h("span", { class: "error", "data-testid": "error", "data-kind": e.kind }, e.message),
      ...(e.hint ? [h("span", { class: "hint" }, ` — ${e.hint}`)] : []),
    );
  }

  async function receive(load: () => Promise<LoadedPhoto | null>, source: string): Promise<void> {
    status.textContent = `Reading the ${source} photo…`;
    try {
      const loaded = await load();
      if (!loaded) {
        status.textContent = "";
        return;
      }
      photo = loaded;
      crop = loaded.suggestedCrop;
      drawStage();
      await search();
    } catch (err) {
      showError(err);
    }
  }

  async function search(): Promise<void> {
    if (!photo) return;
    status.textContent = "Searching 1688…";
    mount(results);
    try {
      const result = await backend.call("search_photo", { request: { photoId: photo.photoId, crop, query: null } });
      await showResults(result);
    } catch (err) {
      showError(err);
    }
  }

  async function showResults(result: SearchResult): Promise<void> {
    const lists = await backend.call("list_shortlists", {}).catch(() => []);
    const total = result.total ?? result.offers.length;
    status.textContent = `${result.offers.length} offers${total > result.offers.length ? ` of ${total}` : ""} from ${result.profile}.`;
    mount(
      results,
      result.seenBefore.length
        ? h("p", { class: "seen", "data-testid": "seen-before" }, `You searched a photo like this ${result.seenBefore.length} time(s) before — see History.`)
        : null,
      h("ol", { class: "offers", "data-testid": "offer-list" }, ...result.offers.map((o) => offerCard(o, shortlistPicker(backend, lists, o)))),
    );
  }

  function drawStage(): void {
    if (!photo) return;
    const current = photo;
    const img = h("img", { src: current.preview, alt: "Your photo", "data-testid": "photo-image", draggable: "false" });
    const box = h("div", { class: "crop", "data-testid": "crop-box" });
    const frame = h("div", { class: "frame" }, img, box);
    const place = () => {
      if (!crop) return;
      const sx = 100 / current.width;
      const sy = 100 / current.height;
      Object.assign(box.style, {
        left: `${crop.x * sx}%`,
        top: `${crop.y * sy}%`,
        width: `${crop.width * sx}%`,
        height: `${crop.height * sy}%`,
      });
    };
    place();
    let start: Point | null = null;
    const toPhoto = (event: PointerEvent): Point => {
      const r = img.getBoundingClientRect();
      return { x: ((event.clientX - r.left) / r.width) * current.width, y: ((event.clientY - r.top) / r.height) * current.height };
    };
    frame.addEventListener("pointerdown", (event) => {
      start = toPhoto(event);
      frame.setPointerCapture(event.pointerId);
    });
    frame.addEventListener("pointermove", (event) => {
      if (!start) return;
      const next = cropFromDrag(start, toPhoto(event), current.width, current.height);
      if (next) {
        crop = next;
        place();
      }
    });
    frame.addEventListener("pointerup", () => {
      if (!start) return;
      start = null;
      void search();
    });
    mount(
      stage,
      frame,
      h("p", { class: "muted" }, `${current.width}×${current.height} ${current.format}. Drag on the photo to crop to the product; the search runs again.`),
    );
  }

  const bytesOf = async (file: Blob) => new Uint8Array(await file.arrayBuffer());

  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = photoFromDrop(event.dataTransfer);
    if (!file) {
      status.textContent = "That was not an image file. Drop a JPEG, PNG, WebP, GIF, BMP or TIFF photo.";
      return;
    }
    void receive(async () => backend.call("load_photo", { body: await bytesOf(file) }), "dropped");
  });
  openButton.addEventListener("click", () => void receive(() => backend.call("open_photo", {}), "chosen"));

  // A paste with image data in the event (browsers, some webviews) is used as is;
  // otherwise Ctrl/Cmd+V asks Rust to read the system clipboard (screenshots).
  let pasteHandled = false;
  const onPaste = (event: ClipboardEvent) => {
    const file = photoFromPaste(event.clipboardData);
    if (!file) return;
    event.preventDefault();
    pasteHandled = true;
    void receive(async () => backend.call("load_photo", { body: await bytesOf(file) }), "pasted");
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key.toLowerCase() !== "v" || !(event.ctrlKey || event.metaKey)) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    pasteHandled = false;
    setTimeout(() => {
      if (!pasteHandled) void receive(() => backend.call("paste_photo", {}), "pasted");
    }, 150);
  };
  document.addEventListener("paste", onPaste);
  document.addEventListener("keydown", onKey);

  mount(root, h("div", { class: "search" }, zone, status, h("div", { class: "workbench" }, stage, results)));
  return () => {
    document.removeEventListener("paste", onPaste);
    document.removeEventListener("keydown", onKey);
  };
};
