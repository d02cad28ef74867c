// The Search screen's filter/sort bar as data: what the buyer typed and ticked
// → a full `SearchQuery`, with each typed value checked. Pure, unit-tested.
import type { SearchMode, SearchQuery, SortKey } from "../backend/bindings";

/** The bar's values as the form holds them (text fields unparsed). */
export type FilterForm = {
  mode: SearchMode;
  /** Yuan, as typed ("12.5"); empty for no bound. */
  priceMin: string;
  priceMax: string;
  /** Pieces, as typed; empty for no limit. */
  moqMax: string;
  freeShipping: boolean;
  dropshipOnly: boolean;
  factoryOnly: boolean;
  sort: SortKey;
};

export type FilterField = "priceMin" | "priceMax" | "moqMax";

/** What the form holds before the buyer touches it: the profile defaults. */
export const DEFAULT_FORM: FilterForm = {
  mode: "same",
  priceMin: "",
  priceMax: "",
  moqMax: "",
  freeShipping: false,
  dropshipOnly: false,
  factoryOnly: false,
  sort: "relevance",
};

export const MODES: { value: SearchMode; label: string }[] = [
  { value: "same", label: "Same item" },
  { value: "similar", label: "Similar" },
];

export const SORTS: { value: SortKey; label: string }[] = [
  { value: "relevance", label: "Relevance" },
  { value: "priceAsc", label: "Price ↑" },
  { value: "priceDesc", label: "Price ↓" },
  { value: "sales", label: "Sales" },
  { value: "moq", label: "MOQ" },
  { value: "supplyChain", label: "Supply-chain score" },
];

/** The supply-chain sort's weights (the offer-match write-up's default). */
export const WEIGHTS = { similarity: 0.5, lowMoq: 0.3, inStock: 0.2 } as const;

/** No wholesale price is near this; larger input is a typo (and stays a safe integer in fen). */
const MAX_YUAN = 100_000_000;
/** The Rust side holds a max MOQ as a u32. */
const MAX_MOQ = 4_294_967_295;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Yuan as typed → integer fen: "12.5" → 1250, "¥8" → 800, "" → null (no bound).
 * Works on the digits, not floats, so "0.29" is 29 fen exactly.
 */
export function yuanToFen(text: string): Parsed<number | null> {
  const t = text.trim().replace(/^[¥￥]\s*/, "");
  if (t === "") return { ok: true, value: null };
  if (/^-/.test(t)) return { ok: false, error: "A price can't be negative." };
  const m = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[1] === "" && !m[2])) return { ok: false, error: `"${text.trim()}" is not a price. Type yuan, like 12.5.` };
  const [, whole, decimals = ""] = m;
  if (decimals.length > 2) return { ok: false, error: "A price has at most 2 decimals (fen)." };
  const yuan = Number(whole || "0");
  if (yuan > MAX_YUAN) return { ok: false, error: "That price is too large." };
  return { ok: true, value: yuan * 100 + Number(decimals.padEnd(2, "0")) };
}

/** A max MOQ as typed → whole pieces ≥ 1; "" → null (no limit). */
export function parseMoq(text: string): Parsed<number | null> {
  const t = text.trim();
  if (t === "") return { ok: true, value: null };
  if (/^-/.test(t)) return { ok: false, error: "Max MOQ can't be negative." };
  if (!/^\d+$/.test(t)) return { ok: false, error: `"${t}" is not a quantity. Type whole pieces, like 50.` };
  const n = Number(t);
  if (n < 1) return { ok: false, error: "Max MOQ must be at least 1." };
  if (n > MAX_MOQ) return { ok: false, error: "That max MOQ is too large." };
  return { ok: true, value: n };
}

export type Built = { ok: true; query: SearchQuery } | { ok: false; field: FilterField; error: string };

/** The form → the full `SearchQuery` a search sends, or the first field that is wrong and why. */
export function buildQuery(form: FilterForm): Built {
  const min = yuanToFen(form.priceMin);
  if (!min.ok) return { ok: false, field: "priceMin", error: `Min price: ${min.error}` };
  const max = yuanToFen(form.priceMax);
  if (!max.ok) return { ok: false, field: "priceMax", error: `Max price: ${max.error}` };
  if (min.value !== null && max.value !== null && min.value > max.value) {
    return { ok: false, field: "priceMax", error: "The max price is below the min price." };
  }
  const moq = parseMoq(form.moqMax);
  if (!moq.ok) return { ok: false, field: "moqMax", error: moq.error };
  return {
    ok: true,
    query: {
      mode: form.mode,
      page: 1,
      pageSize: 0,
      filters: {
        priceMinFen: min.value,
        priceMaxFen: max.value,
        moqMax: moq.value,
        freeShipping: form.freeShipping,
        dropshipOnly: form.dropshipOnly,
        minSimilarity: null,
        factoryOnly: form.factoryOnly,
      },
      sort: form.sort,
      weights: { ...WEIGHTS },
      lang: null,
      region: null,
    },
  };
}
