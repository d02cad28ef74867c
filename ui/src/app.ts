// The window's frame: a sidebar with the places a buyer goes, and the active view.
import type { Backend } from "./backend";
import { h, mount } from "./lib/dom";
import { dragIntent, photoFromDrop, type FieldLike } from "./lib/photo-input";
import { historyView } from "./views/history";
import { searchView } from "./views/search";
import { settingsView } from "./views/settings";
import { shortlistsView } from "./views/shortlists";

export type Place = "search" | "history" | "shortlists" | "settings";

/** What a place may hand back to the frame when it renders. */
export type ViewHandle = {
  /** Called when the buyer leaves the place. */
  leave?: () => void;
  /** A drop anywhere in the window: the file to read as a photo, or null when none could be one. */
  takeDrop?: (file: File | null) => void;
};

/** A view renders into `root` and may return a handle. */
export type View = (root: HTMLElement, backend: Backend, go: (place: Place) => void) => void | ViewHandle;

const places: { id: Place; label: string; zh: string; view: View }[] = [
  { id: "search", label: "Search", zh: "找货", view: searchView },
  { id: "history", label: "History", zh: "历史", view: historyView },
  { id: "shortlists", label: "Shortlists", zh: "收藏", view: shortlistsView },
  { id: "settings", label: "Settings", zh: "设置", view: settingsView },
];

export function startApp(root: HTMLElement, backend: Backend): { go: (place: Place) => void } {
  const content = h("main", { class: "content", id: "content" });
  const nav = h("nav", { class: "sidebar", "aria-label": "Places" });
  let current: Place = "search";
  let handle: void | ViewHandle;

  function go(place: Place): void {
    const entry = places.find((p) => p.id === place) ?? places[0];
    handle?.leave?.();
    current = entry.id;
    for (const button of nav.querySelectorAll("button")) {
      button.classList.toggle("active", button.dataset.place === entry.id);
      button.setAttribute("aria-current", button.dataset.place === entry.id ? "page" : "false");
    }
    content.dataset.place = entry.id;
    mount(content);
    handle = entry.view(content, backend, go);
  }

  // A photo dropped anywhere in the window is searched, whichever place shows:
  // off Search, the window switches to Search first. A photo is the one thing
  // this app takes in, so a drop on History or Settings can only mean "find
  // this"; ignoring it (or refusing it with a no-drop cursor) would look like
  // the app is broken, and Search is where the photo, its crop and its offers
  // are shown anyway.
  listenForDrops((file) => {
    if (current !== "search") go("search");
    handle?.takeDrop?.(file);
  });

  mount(
    nav,
    h("div", { class: "brand" }, h("span", { class: "logo" }, "找"), h("span", {}, "Zhaohuo")),
    ...places.map((p) =>
      h(
        "button",
        { class: "nav", "data-place": p.id, "data-testid": `nav-${p.id}`, onclick: () => go(p.id) },
        h("span", { class: "nav-label" }, p.label),
        h("span", { class: "nav-zh" }, p.zh),
      ),
    ),
  );
  mount(root, nav, content);
  go("search");
  return { go };
}

/**
 * Window-wide HTML5 drops (Tauri's native drop handler is off, see
 * ARCHITECTURE.md). Every dragover and drop that is not text going into a text
 * field is cancelled, so the webview never navigates to a dropped file or link;
 * drops from outside the page reach `onDrop` with the file to read, if any.
 */
function listenForDrops(onDrop: (file: File | null) => void): void {
  const root = document.documentElement;
  let internal = false; // the drag started in this page (an offer image, a link)
  document.addEventListener("dragstart", () => (internal = true));
  document.addEventListener("dragend", () => (internal = false));
  const intentOf = (event: DragEvent) =>
    dragIntent({ types: Array.from(event.dataTransfer?.types ?? []), internal, target: event.target as FieldLike | null });

  const onOver = (event: DragEvent) => {
    const intent = intentOf(event);
    if (intent === "editable") return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = intent === "photo" ? "copy" : "none";
    root.classList.toggle("dragging-photo", intent === "photo");
  };
  document.addEventListener("dragenter", onOver);
  document.addEventListener("dragover", onOver);
  document.addEventListener("dragleave", (event) => {
    // `relatedTarget` is null when the drag leaves the window; between elements
    // inside it the next dragover sets the class again.
    if (!event.relatedTarget) root.classList.remove("dragging-photo");
  });
  document.addEventListener("drop", (event) => {
    root.classList.remove("dragging-photo");
    const intent = intentOf(event);
    internal = false;
    if (intent === "editable") return;
    event.preventDefault();
    // Read the file now: the DataTransfer is emptied once the event is over.
    if (intent === "photo") onDrop(photoFromDrop(event.dataTransfer));
  });
}
