// Shortlists: named lists of offers the buyer comes back to, each item with the
// price when it was added and the latest price seen in any later search.
import type { View } from "../app";
import type { Shortlist, ShortlistItem } from "../backend";
import { h, mount, showError } from "../lib/dom";
import { moqLabel, priceLabel } from "../lib/format";

export const shortlistsView: View = (root, backend, go) => {
  const lists = h("ul", { class: "history", "data-testid": "shortlist-list" });
  const detail = h("section", { class: "results", "data-testid": "shortlist-detail" });
  const status = h("p", { class: "status", role: "status", "data-testid": "shortlists-status" });
  const name = h("input", { placeholder: "New list name", "aria-label": "New list name", "data-testid": "new-list-name" });
  const create = h("button", { class: "secondary", "data-testid": "new-list" }, "Create");
  const fail = (err: unknown) => showError(status, err);

  function itemRow(item: ShortlistItem): HTMLLIElement {
    const target = item.target;
    const title = target.kind === "offer" ? (target.offer.titleTranslated ?? target.offer.title) : target.supplier.name;
    const latest = item.latestPrice ?? item.priceWhenAdded;
    const changed = item.priceWhenAdded && item.latestPrice && item.priceWhenAdded.minFen !== item.latestPrice.minFen;
    const remove = h("button", { class: "secondary" }, "Remove");
    remove.addEventListener("click", () =>
      backend.call("remove_shortlist_item", { item: item.id }).then(() => open(item.shortlistId), fail),
    );
    return h(
      "li",
      { class: "offer", "data-testid": "shortlist-item" },
      target.kind === "offer" && target.offer.imageUrl ? h("img", { class: "offer-img", src: target.offer.imageUrl, alt: "", loading: "lazy" }) : h("div", { class: "offer-img none" }),
      h(
        "div",
        { class: "offer-body" },
        h("div", { class: "offer-title" }, title),
        h(
          "div",
          { class: "offer-trade" },
          h("span", { class: "price", "data-testid": "shortlist-price" }, priceLabel(latest)),
          changed ? h("span", { class: "muted" }, `was ${priceLabel(item.priceWhenAdded)}`) : null,
          h("span", { class: "moq" }, moqLabel(item.latestMoq ?? item.moqWhenAdded, null)),
        ),
        target.kind === "offer" ? h("div", { class: "offer-supplier muted" }, target.offer.supplier.name) : null,
      ),
      remove,
    );
  }

  async function open(id: Shortlist["id"]): Promise<void> {
    try {
      const found = await backend.call("open_shortlist", { id });
      mount(status);
      mount(
        detail,
        h("h2", {}, found.shortlist.name),
        found.items.length
          ? h("ol", { class: "offers" }, ...found.items.map(itemRow))
          : h("p", { class: "muted" }, "Nothing here yet: add offers from a search with “Add to shortlist…”."),
      );
    } catch (err) {
      fail(err);
    }
  }

  function refresh(): void {
    backend
      .call("list_shortlists", {})
      .then((all) => {
        if (all.length === 0) {
          mount(lists, h("li", { class: "muted", "data-testid": "shortlists-empty" }, "No lists yet. Create one here, or add an offer from a search."));
          return;
        }
        mount(
          lists,
          ...all.map((l) => {
            const row = h(
              "li",
              { class: "history-item", "data-testid": "shortlist", tabindex: 0 },
              h("div", { class: "thumb-none" }),
              h("div", {}, h("div", { class: "offer-title" }, l.name), h("div", { class: "muted" }, `${l.itemCount} items`)),
            );
            row.addEventListener("click", () => void open(l.id));
            return row;
          }),
        );
      })
      .catch(fail);
  }

  create.addEventListener("click", () => {
    const text = name.value.trim();
    if (!text) return;
    backend.call("create_shortlist", { name: text }).then(() => {
      name.value = "";
      refresh();
    }, fail);
  });

  mount(
    root,
    h(
      "div",
      {},
      h("h1", {}, "Shortlists"),
      h("div", { class: "new-list" }, name, create, h("button", { class: "secondary", onclick: () => go("search") }, "Search by photo")),
      status,
      h("div", { class: "workbench" }, lists, detail),
    ),
  );
  refresh();
};
