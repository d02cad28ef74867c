// Shortlists: named lists of suppliers and offers the buyer comes back to.
import type { View } from "../app";
import { h, mount } from "../lib/dom";

export const shortlistsView: View = (root, _backend, go) => {
  mount(
    root,
    h(
      "section",
      { class: "empty", "data-testid": "shortlists-empty" },
      h("h1", {}, "Shortlists"),
      h("p", {}, "Star offers and suppliers from a search to keep them here."),
      h("button", { class: "primary", onclick: () => go("search") }, "Search by photo"),
    ),
  );
};
