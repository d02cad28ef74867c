// "Add to shortlist…" on an offer: pick a list, or start one named after the offer.
import type { Backend, Offer, Shortlist } from "../backend";
import { h } from "../lib/dom";
import { errorText } from "../lib/errors";

const NEW_LIST = "new";

/**
 * `lists` is shared by every picker on the page: a list started from one
 * offer is offered by the others too (options are redrawn when a picker is
 * focused or opened).
 */
export function shortlistPicker(backend: Backend, lists: Shortlist[], offer: Offer): HTMLElement {
  const select = h("select", { class: "picker", "data-testid": "shortlist-picker", "aria-label": "Add to shortlist" });
  let done = false;
  const drawOptions = () => {
    if (done) return;
    select.replaceChildren(
      h("option", { value: "" }, "☆ Add to shortlist…"),
      ...lists.map((l) => h("option", { value: String(l.id) }, l.name)),
      h("option", { value: NEW_LIST }, "+ New list"),
    );
  };
  drawOptions();
  select.addEventListener("focus", drawOptions);
  select.addEventListener("pointerdown", drawOptions);
  select.addEventListener("change", async () => {
    const choice = select.value;
    if (!choice) return;
    select.disabled = true;
    try {
      let list = lists.find((l) => String(l.id) === choice);
      if (!list) {
        list = await backend.call("create_shortlist", { name: `Shortlist ${lists.length + 1}` });
        lists.push(list);
      }
      await backend.call("add_to_shortlist", {
        list: list.id,
        item: { kind: "offer", profile: offer.profile, offerId: offer.offerId },
        note: "",
      });
      done = true;
      select.replaceChildren(h("option", {}, `★ On ${list.name}`));
    } catch (err) {
      // An <option> holds text only: the shared display's message and hint on one line.
      const text = errorText(err);
      select.replaceChildren(h("option", {}, text));
      select.title = text;
    }
  });
  return select;
}
