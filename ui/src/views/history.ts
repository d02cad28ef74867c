// History: past searches, newest first; opening one shows its offers from the
// local store without calling the API again.
import type { View } from "../app";
import type { SearchSummary } from "../backend";
import { h, mount, showError } from "../lib/dom";
import { offerCard } from "./offer-card";

const PAGE_SIZE = 50;

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

export const historyView: View = (root, backend, go) => {
  const list = h("ol", { class: "history", "data-testid": "history-list" });
  const detail = h("section", { class: "results", "data-testid": "history-detail" });
  const status = h("p", { class: "status", role: "status" });

  function row(s: SearchSummary): HTMLLIElement {
    const outcome = s.outcome.status === "ok" ? `${s.resultCount} offers` : `failed: ${s.outcome.kind}`;
    const item = h(
      "li",
      { class: "history-item", "data-testid": "history-item", "data-search-id": s.id, tabindex: 0 },
      s.thumbnailDataUrl ? h("img", { src: s.thumbnailDataUrl, alt: "" }) : h("div", { class: "thumb-none" }),
      h(
        "div",
        {},
        h("div", { class: "offer-title" }, s.topTitle ?? "No offers"),
        h("div", { class: "muted" }, `${when(s.createdAtMs)} · ${s.profile} · ${outcome}`),
      ),
    );
    item.addEventListener("click", () => void open(s));
    return item;
  }

  const openPage = (url: string) => void backend.call("open_offer_page", { url }).catch((err: unknown) => showError(status, err));

  async function open(s: SearchSummary): Promise<void> {
    try {
      const found = await backend.call("open_search", { id: s.id });
      mount(status);
      mount(
        detail,
        h("h2", {}, found.summary.topTitle ?? "Search"),
        h("ol", { class: "offers", "data-testid": "offer-list" }, ...found.offers.map((o) => offerCard(o, null, openPage))),
      );
    } catch (err) {
      showError(status, err);
    }
  }

  mount(root, h("div", { class: "history-page" }, h("h1", {}, "History"), status, h("div", { class: "workbench" }, list, detail)));
  backend
    .call("list_history", { page: 0, pageSize: PAGE_SIZE })
    .then((searches) => {
      if (searches.length === 0) {
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
        return;
      }
      mount(list, ...searches.map(row));
    })
    .catch((err: unknown) => showError(status, err));
};
