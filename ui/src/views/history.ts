// History: past searches, newest first, reopened without a new API call.
import type { View } from "../app";
import { h, mount } from "../lib/dom";

export const historyView: View = (root, _backend, go) => {
  mount(
    root,
    h(
      "section",
      { class: "empty", "data-testid": "history-empty" },
      h("h1", {}, "History"),
      h("p", {}, "Your searches appear here, newest first."),
      h("button", { class: "primary", onclick: () => go("search") }, "Search by photo"),
    ),
  );
};
