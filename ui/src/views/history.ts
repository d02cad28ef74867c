// History: past searches, newest first; opening one shows its offers from the
// local store without calling the API again. A find box searches titles,
// suppliers and shortlist notes (the store's full-text index); a search can be
// deleted.
import type { View } from "../app";
import type { SearchSummary } from "../backend";
import { h, mount, showError } from "../lib/dom";
import { offerCard, offerPageOpener } from "./offer-card";

const PAGE_SIZE = 50;

function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

export const historyView: View = (root, backend, go) => {
  const list = h("ol", { class: "history", "data-testid": "history-list" });
  const detail = h("section", { class: "results", "data-testid": "history-detail" });
  const status = h("p", { class: "status", role: "status" });
  const find = h("input", {
    type: "search",
    class: "history-find",
    placeholder: "Find: a title word, a supplier, a note… (中文 works)",
    "aria-label": "Find in history",
    "data-testid": "history-find",
  });
  const notes = h("ul", { class: "note-hits", "data-testid": "note-hits" });
  let all: SearchSummary[] = [];

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
    const remove = h("button", { class: "secondary delete", type: "button", title: "Delete this search", "data-testid": "history-delete" }, "Delete");
    remove.addEventListener("click", (event) => {
      event.stopPropagation();
      void backend
        .call("delete_search", { id: s.id })
        .then(() => {
          all = all.filter((x) => x.id !== s.id);
          item.remove();
          if (detail.dataset.searchId === String(s.id)) mount(detail);
        })
        .catch((err: unknown) => showError(status, err));
    });
    item.append(remove);
    item.addEventListener("click", () => void open(s));
    return item;
  }

  /** Shows the searches (and shortlist notes) matching the find box; all searches when it is empty. */
  let findSeq = 0;
  async function applyFind(): Promise<void> {
    const text = find.value.trim();
    const mine = ++findSeq;
    if (!text) {
      mount(notes);
      mount(list, ...all.map(row));
      return;
    }
    try {
      const hits = await backend.call("find_in_history", { text });
      if (mine !== findSeq) return;
      mount(list, ...hits.searches.map(row));
      mount(
        notes,
        ...hits.notes.map((n) =>
          h("li", { "data-testid": "note-hit" }, h("button", { class: "link", type: "button", onclick: () => go("shortlists") }, n.shortlistName), ` — ${n.text}`),
        ),
      );
      if (hits.searches.length === 0 && hits.notes.length === 0) mount(list, h("li", { class: "muted", "data-testid": "history-no-match" }, `Nothing in your history matches “${text}”.`));
    } catch (err) {
      showError(status, err);
    }
  }
  let findTimer: ReturnType<typeof setTimeout> | undefined;
  find.addEventListener("input", () => {
    clearTimeout(findTimer);
    findTimer = setTimeout(() => void applyFind(), 200);
  });

  const openPage = offerPageOpener(backend, (err) => showError(status, err));

  async function open(s: SearchSummary): Promise<void> {
    try {
      const found = await backend.call("open_search", { id: s.id });
      mount(status);
      detail.dataset.searchId = String(s.id);
      mount(
        detail,
        h("h2", {}, found.summary.topTitle ?? "Search"),
        h("ol", { class: "offers", "data-testid": "offer-list" }, ...found.offers.map((o) => offerCard(o, null, openPage))),
      );
    } catch (err) {
      showError(status, err);
    }
  }

  mount(root, h("div", { class: "history-page" }, h("h1", {}, "History"), find, status, notes, h("div", { class: "workbench" }, list, detail)));
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
      all = searches;
      mount(list, ...searches.map(row));
    })
    .catch((err: unknown) => showError(status, err));
};
