// Shortlists: named lists of offers the buyer comes back to, each item with the
// price when it was added and the latest price seen in any later search. An
// open list can be renamed, annotated, emptied item by item, or deleted (after
// a confirm step here, not a browser dialog); each item keeps a note, can move
// to another list, and its title opens the offer's 1688 page.
import type { View } from "../app";
import type { Shortlist, ShortlistDetail, ShortlistItem } from "../backend";
import { h, mount, showError, showNotice } from "../lib/dom";
import { moqLabel, priceLabel } from "../lib/format";
import { offerPageOpener } from "./offer-card";

export const shortlistsView: View = (root, backend, go) => {
  const lists = h("ul", { class: "history", "data-testid": "shortlist-list" });
  const detail = h("section", { class: "results", "data-testid": "shortlist-detail" });
  const status = h("p", { class: "status", role: "status", "data-testid": "shortlists-status" });
  const name = h("input", { placeholder: "New list name", "aria-label": "New list name", "data-testid": "new-list-name" });
  const create = h("button", { class: "secondary", "data-testid": "new-list" }, "Create");
  const fail = (err: unknown) => showError(status, err);

  /** The lists as last listed (the "Move to…" choices) and the one open in the detail. */
  let known: Shortlist[] = [];
  let current: Shortlist["id"] | null = null;
  /** Only the newest `open` renders: a slow answer for a list clicked earlier is dropped. */
  let openSeq = 0;

  const openPage = offerPageOpener(backend, fail);

  /** Reloads the open list and the lists (names, counts) after a change. */
  const reload = () => Promise.all([refresh(), current === null ? null : open(current)]);

  function itemRow(item: ShortlistItem): HTMLLIElement {
    const target = item.target;
    const titleText = target.kind === "offer" ? (target.offer.titleTranslated ?? target.offer.title) : target.supplier.name;
    const title =
      target.kind === "offer"
        ? h(
            "button",
            { class: "offer-title offer-open", type: "button", title: `${target.offer.title} — open on 1688`, "data-testid": "offer-open" },
            titleText,
          )
        : h("div", { class: "offer-title" }, titleText);
    if (target.kind === "offer") title.addEventListener("click", () => openPage(target.offer.detailUrl));
    const latest = item.latestPrice ?? item.priceWhenAdded;
    const changed = item.priceWhenAdded && item.latestPrice && item.priceWhenAdded.minFen !== item.latestPrice.minFen;

    const note = h("input", {
      class: "item-note",
      type: "text",
      value: item.note,
      placeholder: "Note: size, colour, what the supplier said…",
      "aria-label": `Note on ${titleText}`,
      "data-testid": "item-note",
    });
    note.addEventListener("change", () => {
      const text = note.value;
      backend.call("set_item_note", { item: item.id, note: text }).then(() => showNotice(status, "Note saved."), fail);
    });

    const others = known.filter((l) => l.id !== item.shortlistId);
    const move = h(
      "select",
      {
        class: "picker",
        "aria-label": `Move ${titleText} to another list`,
        "data-testid": "item-move",
        disabled: others.length === 0,
        title: others.length === 0 ? "Create another list to move offers to it" : null,
      },
      h("option", { value: "" }, "Move to…"),
      ...others.map((l) => h("option", { value: String(l.id) }, l.name)),
    );
    move.addEventListener("change", () => {
      const to = Number(move.value);
      if (!move.value) return;
      move.disabled = true;
      backend.call("move_shortlist_item", { item: item.id, to }).then(
        () => {
          const dest = known.find((l) => l.id === to);
          void reload().then(() => showNotice(status, `Moved to ${dest?.name ?? "the other list"}.`));
        },
        (err: unknown) => {
          move.value = "";
          move.disabled = false;
          fail(err);
        },
      );
    });

    const remove = h("button", { class: "secondary", type: "button", "data-testid": "item-remove" }, "Remove");
    remove.addEventListener("click", () => void backend.call("remove_shortlist_item", { item: item.id }).then(() => reload(), fail));

    return h(
      "li",
      { class: "offer", "data-testid": "shortlist-item", "data-item-id": item.id },
      target.kind === "offer" && target.offer.imageUrl ? h("img", { class: "offer-img", src: target.offer.imageUrl, alt: "", loading: "lazy" }) : h("div", { class: "offer-img none" }),
      h(
        "div",
        { class: "offer-body" },
        title,
        h(
          "div",
          { class: "offer-trade" },
          h("span", { class: "price", "data-testid": "shortlist-price" }, priceLabel(latest)),
          changed ? h("span", { class: "muted" }, `was ${priceLabel(item.priceWhenAdded)}`) : null,
          h("span", { class: "moq" }, moqLabel(item.latestMoq ?? item.moqWhenAdded, null)),
        ),
        target.kind === "offer" ? h("div", { class: "offer-supplier muted" }, target.offer.supplier.name) : null,
        note,
      ),
      h("div", { class: "side" }, move, remove),
    );
  }

  /** The list's name as a heading with Rename; Rename swaps in an input (Enter saves, Escape cancels). */
  function heading(list: Shortlist): HTMLElement {
    const box = h("div", { class: "list-head" });
    const show = () => {
      const rename = h("button", { class: "secondary", type: "button", "data-testid": "rename-list" }, "Rename");
      rename.addEventListener("click", edit);
      mount(box, h("h2", { "data-testid": "shortlist-name" }, list.name), rename);
    };
    const edit = () => {
      const input = h("input", { class: "rename-input", value: list.name, "aria-label": "List name", "data-testid": "rename-input" });
      const save = h("button", { class: "primary", type: "submit", "data-testid": "rename-save" }, "Save");
      const cancel = h("button", { class: "secondary", type: "button", "data-testid": "rename-cancel" }, "Cancel");
      const form = h("form", { class: "rename" }, input, save, cancel);
      const stop = () => {
        mount(status);
        show();
      };
      cancel.addEventListener("click", stop);
      input.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          stop();
        }
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        save.disabled = true;
        // The store trims and checks the name (1–200 characters); its error says what is wrong.
        backend.call("rename_shortlist", { id: list.id, name: input.value }).then(
          () => void reload(),
          (err: unknown) => {
            save.disabled = false;
            fail(err);
            input.focus();
          },
        );
      });
      mount(box, form);
      input.focus();
      input.select();
    };
    show();
    return box;
  }

  /** Delete list, asking here first: the list and its items go for good. */
  function deleteControl(found: ShortlistDetail): HTMLElement {
    const box = h("div", { class: "list-actions" });
    const ask = () => {
      const yes = h("button", { class: "danger", type: "button", "data-testid": "delete-list-confirm" }, "Delete");
      const no = h("button", { class: "secondary", type: "button", "data-testid": "delete-list-cancel" }, "Keep it");
      no.addEventListener("click", idle);
      yes.addEventListener("click", () => {
        yes.disabled = true;
        backend.call("delete_shortlist", { id: found.shortlist.id }).then(
          () => {
            current = null;
            mount(detail);
            void refresh().then(() => showNotice(status, `Deleted “${found.shortlist.name}”.`));
          },
          (err: unknown) => {
            yes.disabled = false;
            fail(err);
          },
        );
      });
      const count = found.items.length;
      mount(
        box,
        h(
          "span",
          { class: "confirm", role: "alert", "data-testid": "delete-list-question" },
          `Delete “${found.shortlist.name}”${count ? ` and its ${count} ${count === 1 ? "offer" : "offers"}` : ""}? This cannot be undone.`,
        ),
        yes,
        no,
      );
      no.focus();
    };
    const idle = () => {
      const del = h("button", { class: "secondary", type: "button", "data-testid": "delete-list" }, "Delete list");
      del.addEventListener("click", ask);
      mount(box, del);
    };
    idle();
    return box;
  }

  function notesField(list: Shortlist): HTMLTextAreaElement {
    const notes = h("textarea", {
      class: "list-notes",
      rows: 3,
      placeholder: "Notes on this list: what it is for, target price, deadline…",
      "aria-label": "Notes on this list",
      "data-testid": "shortlist-notes",
    });
    notes.value = list.notes;
    // `change` fires when the field loses focus after an edit: one save per edit.
    notes.addEventListener("change", () => {
      backend.call("set_shortlist_notes", { id: list.id, notes: notes.value }).then(() => showNotice(status, "Notes saved."), fail);
    });
    return notes;
  }

  async function open(id: Shortlist["id"]): Promise<void> {
    const mine = ++openSeq;
    try {
      const found = await backend.call("open_shortlist", { id });
      if (mine !== openSeq) return;
      current = id;
      mount(status);
      markCurrent();
      mount(
        detail,
        h("div", { class: "list-header" }, heading(found.shortlist), deleteControl(found)),
        notesField(found.shortlist),
        found.items.length
          ? h("ol", { class: "offers" }, ...found.items.map(itemRow))
          : h("p", { class: "muted", "data-testid": "shortlist-empty" }, "Nothing here yet: add offers from a search with “Add to shortlist…”."),
      );
    } catch (err) {
      if (mine === openSeq) fail(err);
    }
  }

  function markCurrent(): void {
    for (const row of lists.querySelectorAll<HTMLElement>("[data-testid=shortlist]")) {
      row.setAttribute("aria-current", String(row.dataset.listId === String(current)));
    }
  }

  function refresh(): Promise<void> {
    return backend
      .call("list_shortlists", {})
      .then((all) => {
        known = all;
        if (all.length === 0) {
          mount(lists, h("li", { class: "muted", "data-testid": "shortlists-empty" }, "No lists yet. Create one here, or add an offer from a search."));
          return;
        }
        mount(
          lists,
          ...all.map((l) => {
            const row = h(
              "li",
              { class: "history-item", "data-testid": "shortlist", "data-list-id": l.id, tabindex: 0 },
              h("div", { class: "thumb-none" }),
              h(
                "div",
                {},
                h("div", { class: "offer-title" }, l.name),
                h("div", { class: "muted", "data-testid": "shortlist-count" }, `${l.itemCount} ${l.itemCount === 1 ? "item" : "items"}`),
              ),
            );
            row.addEventListener("click", () => void open(l.id));
            row.addEventListener("keydown", (event) => {
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                void open(l.id);
              }
            });
            return row;
          }),
        );
        markCurrent();
      })
      .catch(fail);
  }

  create.addEventListener("click", () => {
    const text = name.value.trim();
    if (!text) return;
    backend.call("create_shortlist", { name: text }).then(() => {
      name.value = "";
      // The open list's "Move to…" choices include the new list too.
      void reload();
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
  void refresh();
};
