// How prices, MOQs and scores read to a buyer. Pure functions, unit-tested.
import type { Offer, PriceRange, Shipping } from "../backend/bindings";

/** 1234 fen → "12.34"; whole yuan keep two decimals, as 1688 shows them. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "¥12.50" or "¥12.50–15.00"; "price on request" when the provider gave none. */
export function priceLabel(price: PriceRange | null): string {
  if (!price) return "price on request";
  if (price.minFen === price.maxFen) return `¥${yuan(price.minFen)}`;
  return `¥${yuan(price.minFen)}–${yuan(price.maxFen)}`;
}

/** "MOQ 10 pcs" / "MOQ 2" / "MOQ —". */
export function moqLabel(moq: number | null, unit: string | null): string {
  if (moq === null) return "MOQ —";
  return unit ? `MOQ ${moq} ${unit}` : `MOQ ${moq}`;
}

/** "96% match" when the provider scores matches, else "#3" (rank-only families). */
export function matchLabel(offer: Pick<Offer, "similarity" | "rank">): string {
  if (offer.similarity !== null) return `${Math.round(offer.similarity * 100)}% match`;
  return `#${offer.rank}`;
}

/** "Free shipping" / "Shipping paid" / "Shipping ¥8.00". */
export function shippingLabel(shipping: Shipping): string {
  switch (shipping.kind) {
    case "free":
      return "Free shipping";
    case "paid":
      return "Shipping paid";
    case "fee":
      return `Shipping ¥${yuan(shipping.fen)}`;
  }
}

/** The facts a buyer weighs beside price: sales, reorders, dropship, stock, badges. Missing facts are left out. */
export function offerFacts(offer: Pick<Offer, "monthSold" | "repurchaseRate" | "dropship" | "supplyType" | "supplier">): string[] {
  const facts: string[] = [];
  if (offer.monthSold !== null) facts.push(`${offer.monthSold.toLocaleString("en-US")} sold/month`);
  if (offer.repurchaseRate !== null) facts.push(`${Math.round(offer.repurchaseRate * 100)}% reorder`);
  if (offer.dropship === true) facts.push("一件代发 dropship");
  if (offer.supplyType) facts.push(offer.supplyType);
  if (offer.supplier.creditLevel) facts.push(`credit ${offer.supplier.creditLevel}`);
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
