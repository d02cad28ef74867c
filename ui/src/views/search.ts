// Search: the buyer drops, pastes or opens a product photo; the app suggests a
// crop around the product, searches at once, and lists the offers. Dragging on
// the photo draws a new crop and searches again. Drops are caught window-wide
// by the frame (app.ts) and handed here through `takeDrop`.
import type { View } from "../app";
import { BackendError, type CropBox, type LoadedPhoto, type SearchResult } from "../backend";
import { h, mount, showError, showNotice } from "../lib/dom";
import { toBackendError } from "../lib/errors";
import { cropFromDrag, type Point } from "../lib/crop";
import { offerCard } from "./offer-card";
import { shortlistPicker } from "./shortlist-picker";
import { isPasteShortcut, isTextField, pasteAction, type FieldLike } from "../lib/photo-input";

type Source = "dropped" | "pasted" | "chosen";

/** How long Ctrl/Cmd+V waits for a paste event before asking Rust for the clipboard. */
const PASTE_EVENT_WAIT_MS = 150;

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
    h("p", {}, "拖入商品图片 · drop it anywhere in the window, paste a screenshot with Ctrl+V, or ", openButton),
  );

  async function receive(load: () => Promise<LoadedPhoto | null>, source: Source): Promise<void> {
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
      const e = toBackendError(err);
      if (source === "pasted" && e.kind === "clipboard.no_image") {
        // Ctrl+V with text (or nothing) on the clipboard is not a failure; say what works.
        showNotice(status, "There is no picture on the clipboard to paste. Copy a photo or take a screenshot, then press Ctrl+V here.");
      } else {
        showError(status, e);
      }
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
      showError(status, err);
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
  const loadBytes = (file: Blob, source: Source) =>
    receive(async () => backend.call("load_photo", { body: await bytesOf(file) }), source);

  function takeDrop(file: File | null): void {
    if (!file) {
      showError(
        status,
        new BackendError({ kind: "ui.not_image", message: "that was not an image file", hint: "Drop a JPEG, PNG, WebP, GIF, BMP or TIFF photo." }),
      );
      return;
    }
    void loadBytes(file, "dropped");
  }

  openButton.addEventListener("click", () => void receive(() => backend.call("open_photo", {}), "chosen"));

  // A paste event carrying an image (browsers, some webviews) is used as is.
  // When it carries none, or no paste event comes at all (a webview may send
  // none outside editable elements), Rust reads the system clipboard:
  // screenshots reach it as pixels even when the webview cannot see them. Inside a text
  // field the paste belongs to the field and is left alone.
  let pasteTimer: ReturnType<typeof setTimeout> | undefined;
  const askClipboard = () => void receive(() => backend.call("paste_photo", {}), "pasted");
  const onPaste = (event: ClipboardEvent) => {
    clearTimeout(pasteTimer); // the paste event came: it decides
    pasteTimer = undefined;
    const action = pasteAction(event.clipboardData, event.target as FieldLike | null);
    if (action.kind === "ignore") return;
    event.preventDefault();
    if (action.kind === "file") void loadBytes(action.file, "pasted");
    else askClipboard();
  };
  const onKey = (event: KeyboardEvent) => {
    if (!isPasteShortcut(event) || event.repeat || isTextField(event.target as FieldLike | null)) return;
    clearTimeout(pasteTimer);
    pasteTimer = setTimeout(() => {
      pasteTimer = undefined;
      askClipboard();
    }, PASTE_EVENT_WAIT_MS);
  };
  document.addEventListener("paste", onPaste);
  document.addEventListener("keydown", onKey);

  mount(root, h("div", { class: "search" }, zone, status, h("div", { class: "workbench" }, stage, results)));
  return {
    takeDrop,
    leave: () => {
      clearTimeout(pasteTimer);
      document.removeEventListener("paste", onPaste);
      document.removeEventListener("keydown", onKey);
    },
  };
};
