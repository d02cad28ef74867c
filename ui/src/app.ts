// The window's frame: a sidebar with the places a buyer goes, and the active view.
import type { Backend } from "./backend";
import { h, mount } from "./lib/dom";
import { historyView } from "./views/history";
import { searchView } from "./views/search";
import { settingsView } from "./views/settings";
import { shortlistsView } from "./views/shortlists";

export type Place = "search" | "history" | "shortlists" | "settings";

/** A view renders into `root` and may return a cleanup for when the buyer leaves. */
export type View = (root: HTMLElement, backend: Backend, go: (place: Place) => void) => void | (() => void);

const places: { id: Place; label: string; zh: string; view: View }[] = [
  { id: "search", label: "Search", zh: "找货", view: searchView },
  { id: "history", label: "History", zh: "历史", view: historyView },
  { id: "shortlists", label: "Shortlists", zh: "收藏", view: shortlistsView },
  { id: "settings", label: "Settings", zh: "设置", view: settingsView },
];

export function startApp(root: HTMLElement, backend: Backend): { go: (place: Place) => void } {
  const content = h("main", { class: "content", id: "content" });
  const nav = h("nav", { class: "sidebar", "aria-label": "Places" });
  let cleanup: void | (() => void);

  function go(place: Place): void {
    const entry = places.find((p) => p.id === place) ?? places[0];
    if (typeof cleanup === "function") cleanup();
    for (const button of nav.querySelectorAll("button")) {
      button.classList.toggle("active", button.dataset.place === entry.id);
      button.setAttribute("aria-current", button.dataset.place === entry.id ? "page" : "false");
    }
    content.dataset.place = entry.id;
    mount(content);
    cleanup = entry.view(content, backend, go);
  }

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
