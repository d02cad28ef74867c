// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p zhaohuo bindings`.
// Do not edit by hand; the test command fails when this file is stale.

export type AppInfo = { version: string, 
/**
 * Folder holding the database and logs.
 */
dataDir: string, };
export type ErrorPayload = { kind: string, message: string, hint: string | null, };
export type Offer = { 
/**
 * Provider profile id that returned it (`1688-open`, `demo`, …).
 */
profile: string, offerId: string, title: string, 
/**
 * Translated title when the provider gives one.
 */
titleTranslated: string | null, imageUrl: string | null, 
/**
 * `https://detail.1688.com/offer/{offerId}.html` unless the provider gives another.
 */
detailUrl: string, price: PriceRange | null, 
/**
 * Minimum order quantity (起批量).
 */
moq: number | null, unit: string | null, supplier: Supplier, shipping: Shipping | null, 
/**
 * 0.0–1.0 when the provider scores matches; `None` for rank-only families.
 */
similarity: number | null, 
/**
 * 1-based position in the provider's answer.
 */
rank: number, monthSold: number | null, 
/**
 * 现货 (in stock) / 定制 (made to order), as the provider words it.
 */
supplyType: string | null, };
export type PriceRange = { minFen: number, maxFen: number, };
export type Shipping = { "kind": "free" } | { "kind": "paid" } | { "kind": "fee", fen: number, };
export type Supplier = { id: string | null, name: string, city: string | null, badges: Array<string>, creditLevel: string | null, };

/** Every IPC command: its arguments and what it resolves to. */
export interface Commands {
  app_info: { args: {  }; returns: AppInfo };
}
