// How prices, MOQs and scores read to a buyer, in the buyer's language and
// number format (Intl). Pure functions, unit-tested; English by default.
import type { Offer, PriceRange, Shipping } from "../backend/bindings";
import { EN, INTL_TAG, type Tr } from "./i18n";

/**
 * Intl formatters are costly to make (a list of 200 offers would make
 * hundreds): one of each kind per locale, made on first use.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as F;
}

/** 1234 fen → "12.34"; whole yuan keep two decimals, as 1688 shows them. */
export function yuan(fen: number, t: Tr = EN): string {
  const tag = INTL_TAG[t.locale];
  return formatter(`yuan ${tag}`, () => new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false })).format(
    Math.round(fen) / 100,
  );
}

/** "¥12.50" or "¥12.50–15.00"; "price on request" when the provider gave none. */
export function priceLabel(price: PriceRange | null, t: Tr = EN): string {
  if (!price) return t.LL.offer.onRequest();
  if (price.minFen === price.maxFen) return `¥${yuan(price.minFen, t)}`;
  return `¥${yuan(price.minFen, t)}–${yuan(price.maxFen, t)}`;
}

/** "MOQ 10 pcs" / "MOQ 2" / "MOQ —". */
export function moqLabel(moq: number | null, unit: string | null, t: Tr = EN): string {
  if (moq === null) return t.LL.offer.moqNone();
  return t.LL.offer.moq({ moq: unit ? `${moq} ${unit}` : String(moq) });
}

/** "96% match" when the provider scores matches, else "#3" (rank-only families). */
export function matchLabel(offer: Pick<Offer, "similarity" | "rank">, t: Tr = EN): string {
  if (offer.similarity !== null) return t.LL.offer.match({ percent: Math.round(offer.similarity * 100) });
  return t.LL.offer.rank({ rank: offer.rank });
}

/** "Free shipping" / "Shipping paid" / "Shipping ¥8.00". */
export function shippingLabel(shipping: Shipping, t: Tr = EN): string {
  switch (shipping.kind) {
    case "free":
      return t.LL.offer.freeShipping();
    case "paid":
      return t.LL.offer.shippingPaid();
    case "fee":
      return t.LL.offer.shippingFee({ price: `¥${yuan(shipping.fen, t)}` });
  }
}

/** A count with the locale's digit grouping: 12,345. */
export function count(n: number, t: Tr = EN): string {
  const tag = INTL_TAG[t.locale];
  return formatter(`count ${tag}`, () => new Intl.NumberFormat(tag)).format(n);
}

/** A moment as the buyer's locale writes date and time. */
export function when(ms: number, t: Tr = EN): string {
  const tag = INTL_TAG[t.locale];
  return formatter(`when ${tag}`, () => new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" })).format(new Date(ms));
}

/** The facts a buyer weighs beside price: sales, reorders, dropship, stock, badges. Missing facts are left out. */
export function offerFacts(
  offer: Pick<Offer, "monthSold" | "repurchaseRate" | "dropship" | "supplyType" | "supplier">,
  t: Tr = EN,
): string[] {
  const facts: string[] = [];
  if (offer.monthSold !== null) facts.push(t.LL.offer.sold({ count: count(offer.monthSold, t) }));
  if (offer.repurchaseRate !== null) facts.push(t.LL.offer.reorder({ percent: Math.round(offer.repurchaseRate * 100) }));
  if (offer.dropship === true) facts.push(t.LL.offer.dropship());
  if (offer.supplyType) facts.push(offer.supplyType);
  if (offer.supplier.creditLevel) facts.push(t.LL.offer.credit({ level: offer.supplier.creditLevel }));
  facts.push(...offer.supplier.badges.map(badgeLabel));
  return facts;
}

/** 1688's seller-identity codes (AOP `sellerIdentities`) by the names buyers see on 1688; other badges as given. */
const BADGES: Record<string, string> = {
  tp_member: "诚信通",
  certified_factory: "认证工厂",
  super_factory: "超级工厂",
  powerful_merchants: "实力商家",
};

export function badgeLabel(badge: string): string {
  return BADGES[badge] ?? badge;
}

/**
 * Which title leads: a Chinese reader gets 1688's own title first, anyone else
 * the translation when the provider gave one; the other follows when it differs.
 */
export function titles(offer: Pick<Offer, "title" | "titleTranslated">, t: Tr = EN): { primary: string; secondary: string | null } {
  const translated = offer.titleTranslated && offer.titleTranslated !== offer.title ? offer.titleTranslated : null;
  if (!translated) return { primary: offer.title, secondary: null };
  return t.locale === "zh" ? { primary: offer.title, secondary: translated } : { primary: translated, secondary: offer.title };
}
