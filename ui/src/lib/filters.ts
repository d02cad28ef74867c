// The Search screen's filter/sort bar as data: what the buyer typed and ticked
// → a full `SearchQuery`, with each typed value checked. Pure, unit-tested.
import type { SearchMode, SearchQuery, SortKey, SupplyWeights } from "../backend/bindings";
import { EN, type Locales, type TranslationFunctions } from "./i18n";

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
  /** Lowest match in percent (the slider); 0 for no limit. */
  minSimilarity: number;
  sort: SortKey;
  /** The supply-chain sort's weights (0–1 each). */
  weights: SupplyWeights;
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
  minSimilarity: 0,
  sort: "relevance",
  weights: { similarity: 0.5, lowMoq: 0.3, inStock: 0.2 },
};

export const MODES: SearchMode[] = ["same", "similar"];

export const SORTS: SortKey[] = ["relevance", "priceAsc", "priceDesc", "sales", "moq", "supplyChain"];

/** The supply-chain sort's weights (the offer-match write-up's default). */
export const WEIGHTS: Readonly<SupplyWeights> = DEFAULT_FORM.weights;

/** Weights as the buyer may set them: each 0–1 in tenths; all zero is no weighting, so the default. */
export function cleanWeights(w: Partial<SupplyWeights> | null | undefined): SupplyWeights {
  const one = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) ? Math.round(Math.min(Math.max(v, 0), 1) * 10) / 10 : fallback);
  const out = { similarity: one(w?.similarity, WEIGHTS.similarity), lowMoq: one(w?.lowMoq, WEIGHTS.lowMoq), inStock: one(w?.inStock, WEIGHTS.inStock) };
  return out.similarity + out.lowMoq + out.inStock > 0 ? out : { ...WEIGHTS };
}

/** No wholesale price is near this; larger input is a typo (and stays a safe integer in fen). */
const MAX_YUAN = 100_000_000;
/** The Rust side holds a max MOQ as a u32. */
const MAX_MOQ = 4_294_967_295;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Yuan as typed → integer fen: "12.5" → 1250, "¥8" → 800, "" → null (no bound).
 * Works on the digits, not floats, so "0.29" is 29 fen exactly.
 */
export function yuanToFen(text: string, LL: TranslationFunctions = EN.LL): Parsed<number | null> {
  const t = text.trim().replace(/^[¥￥]\s*/, "");
  if (t === "") return { ok: true, value: null };
  if (/^-/.test(t)) return { ok: false, error: LL.filters.negativePrice() };
  const m = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[1] === "" && !m[2])) return { ok: false, error: LL.filters.notPrice({ text: text.trim() }) };
  const [, whole, decimals = ""] = m;
  if (decimals.length > 2) return { ok: false, error: LL.filters.decimals() };
  const yuan = Number(whole || "0");
  if (yuan > MAX_YUAN) return { ok: false, error: LL.filters.priceTooLarge() };
  return { ok: true, value: yuan * 100 + Number(decimals.padEnd(2, "0")) };
}

/** A max MOQ as typed → whole pieces ≥ 1; "" → null (no limit). */
export function parseMoq(text: string, LL: TranslationFunctions = EN.LL): Parsed<number | null> {
  const t = text.trim();
  if (t === "") return { ok: true, value: null };
  if (/^-/.test(t)) return { ok: false, error: LL.filters.negativeMoq() };
  if (!/^\d+$/.test(t)) return { ok: false, error: LL.filters.notQuantity({ text: t }) };
  const n = Number(t);
  if (n < 1) return { ok: false, error: LL.filters.moqTooSmall() };
  if (n > MAX_MOQ) return { ok: false, error: LL.filters.moqTooLarge() };
  return { ok: true, value: n };
}

/**
 * The language 1688's cross-border APIs are asked to translate titles into
 * (`country`), per UI language: the buyer reads offers in the window's language.
 */
export const RESULT_LANG: Record<Locales, string> = { en: "en", zh: "zh" };

/** `query` as sent from a window in `locale`: its `lang` follows the UI language. */
export function withLang(query: SearchQuery, locale: Locales): SearchQuery {
  return { ...query, lang: RESULT_LANG[locale] };
}

export type Built = { ok: true; query: SearchQuery } | { ok: false; field: FilterField; error: string };

/** The form → the full `SearchQuery` a search sends, or the first field that is wrong and why. */
export function buildQuery(form: FilterForm, LL: TranslationFunctions = EN.LL): Built {
  const min = yuanToFen(form.priceMin, LL);
  if (!min.ok) return { ok: false, field: "priceMin", error: LL.filters.minPrice({ error: min.error }) };
  const max = yuanToFen(form.priceMax, LL);
  if (!max.ok) return { ok: false, field: "priceMax", error: LL.filters.maxPrice({ error: max.error }) };
  if (min.value !== null && max.value !== null && min.value > max.value) {
    return { ok: false, field: "priceMax", error: LL.filters.maxBelowMin() };
  }
  const moq = parseMoq(form.moqMax, LL);
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
        minSimilarity: form.minSimilarity > 0 ? Math.min(form.minSimilarity, 100) / 100 : null,
        factoryOnly: form.factoryOnly,
      },
      sort: form.sort,
      weights: { ...form.weights },
      lang: null,
      region: null,
    },
  };
}
