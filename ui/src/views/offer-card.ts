// One offer as a buyer reads it: picture, title, price, MOQ, supplier, match.
import type { Offer } from "../backend";
import { h } from "../lib/dom";
import { matchLabel, moqLabel, priceLabel, shippingLabel } from "../lib/format";

/** `extra` is shown under the match score (e.g. the shortlist picker). */
export function offerCard(offer: Offer, extra?: HTMLElement): HTMLLIElement {
  return h(
    "li",
    { class: "offer", "data-testid": "offer", "data-offer-id": offer.offerId },
    offer.imageUrl
      ? h("img", { class: "offer-img", src: offer.imageUrl, alt: "", loading: "lazy" })
      : h("div", { class: "offer-img none" }),
    h(
      "div",
      { class: "offer-body" },
      h("div", { class: "offer-title", title: offer.title }, offer.titleTranslated ?? offer.title),
      offer.titleTranslated ? h("div", { class: "offer-title-zh muted" }, offer.title) : null,
      h(
        "div",
        { class: "offer-trade" },
        h("span", { class: "price", "data-testid": "offer-price" }, priceLabel(offer.price)),
        h("span", { class: "moq" }, moqLabel(offer.moq, offer.unit)),
        offer.shipping ? h("span", { class: "ship" }, shippingLabel(offer.shipping)) : null,
      ),
      h(
        "div",
        { class: "offer-supplier muted" },
        offer.supplier.name,
        offer.supplier.city ? ` · ${offer.supplier.city}` : "",
      ),
    ),
    h("div", { class: "side" }, h("div", { class: "match", "data-testid": "offer-match" }, matchLabel(offer)), extra ?? null),
  );
}
