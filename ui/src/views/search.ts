// Search: the buyer drops, pastes or opens a product photo; the app suggests a
// crop around the product, searches at once, and lists the offers. Dragging on
// the photo draws a new crop and searches again. Drops are caught window-wide
// by the frame (app.ts) and handed here through `takeDrop`. Once a photo is in,
// a filter/sort bar above the results re-runs the search when changed; "More
// results" appends the next page, and Stop cancels the search in flight.
//
// Only the newest search may change the screen: each search (and Stop) bumps
// `generation`, and an answer or failure of an older one is dropped unseen,
// whether the shell cancelled it (`search.cancelled`) or it arrived late.
import type { View } from "../app";
import { BackendError, type CropBox, type LoadedPhoto, type Offer, type SearchQuery, type SearchResult, type Shortlist, type SortKey } from "../backend";
import { h, mount, showError, showNotice } from "../lib/dom";
import { remedy, toBackendError } from "../lib/errors";
import { cropFromDrag, type Point } from "../lib/crop";
import { DEFAULT_FORM, buildQuery } from "../lib/filters";
import { countLine, mergeNote, newOffers, offerKeys, searchNote, type NoteInput } from "../lib/search-note";
import { filterBar } from "./filter-bar";
import { offerCard, offerPageOpener } from "./offer-card";
import { shortlistPicker } from "./shortlist-picker";
import { isPasteShortcut, isTextField, pasteAction, type FieldLike } from "../lib/photo-input";

type Source = "dropped" | "pasted" | "chosen";

/** How long Ctrl/Cmd+V waits for a paste event before asking Rust for the clipboard. */
const PASTE_EVENT_WAIT_MS = 150;

/** The results on screen, which "More results" extends. */
type Shown = {
  searchId: number;
  profile: string;
  total: number | null;
  /** Offers listed, by `newOffers` key: a repeat is never listed twice. */
  keys: Set<string>;
  note: NoteInput;
  sort: SortKey;
  lists: Shortlist[];
  list: HTMLOListElement;
  more: HTMLButtonElement;
};

export const searchView: View = (root, backend) => {
  let photo: LoadedPhoto | null = null;
  let crop: CropBox | null = null;
  /** The query searches send: the filter bar's last valid values. */
  let query: SearchQuery = (buildQuery(DEFAULT_FORM) as { ok: true; query: SearchQuery }).query;
  let generation = 0;
  let moreSeq = 0;
  let running: "search" | "more" | null = null;
  let shown: Shown | null = null;

  const status = h("p", { class: "status", role: "status", "data-testid": "search-status" });
  const stop = h("button", { class: "secondary", type: "button", hidden: true, "data-testid": "stop-search" }, "Stop");
  const note = h("p", { class: "search-note", "data-testid": "search-note" });
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

  const bar = filterBar(query, (next) => {
    query = next;
    void search();
  });

  // --- searching -----------------------------------------------------------

  function setRunning(kind: "search" | "more" | null): void {
    running = kind;
    stop.hidden = kind === null;
  }

  function drawNote(): void {
    if (!shown) {
      mount(note);
      return;
    }
    const text = searchNote(shown.note, shown.sort);
    const refresh = h("button", { class: "link", type: "button", "data-testid": "refresh-search" }, "Refresh");
    refresh.addEventListener("click", () => void search({ refresh: true }));
    mount(
      note,
      text.filters ? h("span", { "data-testid": "filter-note" }, text.filters) : null,
      text.filters && text.cache ? " " : null,
      text.cache ? h("span", { "data-testid": "cache-note" }, `${text.cache} · `, refresh) : null,
    );
  }

  async function search(options: { refresh?: boolean } = {}): Promise<void> {
    if (!photo) return;
    const mine = ++generation;
    const sent = query;
    shown = null;
    setRunning("search");
    status.textContent = options.refresh ? "Asking 1688 again…" : "Searching 1688…";
    mount(note);
    mount(results);
    try {
      const result = await backend.call("search_photo", {
        request: { photoId: photo.photoId, crop, query: sent, refresh: options.refresh ?? false },
      });
      const lists = await backend.call("list_shortlists", {}).catch((): Shortlist[] => []);
      if (mine !== generation) return; // a newer search, or Stop, took over
      showResults(result, lists, sent.sort);
    } catch (err) {
      if (mine !== generation) return;
      // Cancelled by neither Stop nor a newer search of ours: nothing to report.
      if (remedy(err) === "quiet") status.textContent = "";
      else showError(status, err);
    } finally {
      if (mine === generation) setRunning(null);
    }
  }

  const openPage = offerPageOpener(backend, (err) => showError(status, err));
  const card = (view: Shown, offer: Offer) => offerCard(offer, shortlistPicker(backend, view.lists, offer), openPage);

  function showResults(result: SearchResult, lists: Shortlist[], sortedBy: SortKey): void {
    const more = h("button", { class: "secondary more", type: "button", "data-testid": "more-results", hidden: !result.hasMore }, "More results");
    const view: Shown = {
      searchId: result.searchId,
      profile: result.profile,
      total: result.total,
      keys: offerKeys([]),
      note: result,
      sort: sortedBy,
      lists,
      list: h("ol", { class: "offers", "data-testid": "offer-list", "data-search-id": result.searchId }),
      more,
    };
    view.list.append(...newOffers(view.keys, result.offers).map((o) => card(view, o)));
    more.addEventListener("click", () => void loadMore(view));
    shown = view;
    status.textContent = countLine(view.keys.size, view.total, view.profile);
    drawNote();
    mount(
      results,
      result.seenBefore.length
        ? h("p", { class: "seen", "data-testid": "seen-before" }, `You searched a photo like this ${result.seenBefore.length} time(s) before — see History.`)
        : null,
      view.list,
      more,
    );
  }

  async function loadMore(view: Shown): Promise<void> {
    if (running) return;
    const mine = generation;
    const seq = ++moreSeq;
    const current = () => mine === generation && seq === moreSeq && shown === view;
    setRunning("more");
    view.more.disabled = true;
    view.more.textContent = "Loading more…";
    try {
      const page = await backend.call("search_more", { searchId: view.searchId });
      if (!current()) return;
      view.list.append(...newOffers(view.keys, page.offers).map((o) => card(view, o)));
      view.total = page.total ?? view.total;
      view.note = mergeNote(view.note, page);
      view.more.hidden = !page.hasMore;
      status.textContent = countLine(view.keys.size, view.total, view.profile);
      drawNote();
    } catch (err) {
      if (!current()) return;
      if (remedy(err) === "quiet") status.textContent = countLine(view.keys.size, view.total, view.profile);
      else showError(status, err);
    } finally {
      if (current()) {
        setRunning(null);
        view.more.disabled = false;
        view.more.textContent = "More results";
      }
    }
  }

  stop.addEventListener("click", () => {
    if (!running) return;
    // Drop whatever the stopped call still sends back, then ask the shell to stop it.
    if (running === "search") {
      generation++;
      status.textContent = "Stopped.";
    } else {
      moreSeq++;
      if (shown) {
        shown.more.disabled = false;
        shown.more.textContent = "More results";
        status.textContent = `${countLine(shown.keys.size, shown.total, shown.profile)} Stopped.`;
      }
    }
    setRunning(null);
    backend.call("cancel_search", {}).catch((err: unknown) => showError(status, err));
  });

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
    bar.hidden = false;
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

  mount(
    root,
    h("div", { class: "search" }, zone, bar, h("div", { class: "status-row" }, status, stop), note, h("div", { class: "workbench" }, stage, results)),
  );
  return {
    takeDrop,
    leave: () => {
      clearTimeout(pasteTimer);
      document.removeEventListener("paste", onPaste);
      document.removeEventListener("keydown", onKey);
    },
  };
};
