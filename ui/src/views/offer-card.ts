// One offer as a buyer reads it: picture, title, price, MOQ, supplier, match.
import type { Backend, Offer } from "../backend";
import { h } from "../lib/dom";
import { matchLabel, moqLabel, offerFacts, priceLabel, shippingLabel } from "../lib/format";

/** Opens an offer's 1688 page through Rust (which checks the link); failures go to `fail`. */
export function offerPageOpener(backend: Backend, fail: (err: unknown) => void): (url: string) => void {
  return (url) => void backend.call("open_offer_page", { url }).catch(fail);
}

/**
 * `extra` is shown under the match score (e.g. the shortlist picker); with
 * `open`, the title opens the offer's 1688 page (Rust checks the link).
 */
export function offerCard(offer: Offer, extra?: HTMLElement | null, open?: (url: string) => void): HTMLLIElement {
  const titleText = offer.titleTranslated ?? offer.title;
  const title = open
    ? h("button", { class: "offer-title offer-open", type: "button", title: `${offer.title} — open on 1688`, "data-testid": "offer-open" }, titleText)
    : h("div", { class: "offer-title", title: offer.title }, titleText);
  if (open) title.addEventListener("click", () => open(offer.detailUrl));
  const facts = offerFacts(offer);
  return h(
    "li",
    { class: "offer", "data-testid": "offer", "data-offer-id": offer.offerId },
    offer.imageUrl
      ? h("img", { class: "offer-img", src: offer.imageUrl, alt: "", loading: "lazy" })
      : h("div", { class: "offer-img none" }),
    h(
      "div",
      { class: "offer-body" },
      title,
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
      facts.length ? h("div", { class: "offer-facts muted", "data-testid": "offer-facts" }, facts.join(" · ")) : null,
    ),
    h("div", { class: "side" }, h("div", { class: "match", "data-testid": "offer-match" }, matchLabel(offer)), extra ?? null),
  );
}
