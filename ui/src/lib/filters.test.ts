import { describe, expect, it } from "vitest";
import { DEFAULT_FORM, RESULT_LANG, WEIGHTS, buildQuery, cleanWeights, parseMoq, withLang, yuanToFen, type FilterForm } from "./filters";
import { locales } from "./i18n";

describe("yuanToFen", () => {
  it("turns yuan into whole fen without float error", () => {
    expect(yuanToFen("12.5")).toEqual({ ok: true, value: 1250 });
    expect(yuanToFen("12.50")).toEqual({ ok: true, value: 1250 });
    expect(yuanToFen("12")).toEqual({ ok: true, value: 1200 });
    expect(yuanToFen("0.29")).toEqual({ ok: true, value: 29 });
    expect(yuanToFen("1.1")).toEqual({ ok: true, value: 110 });
    expect(yuanToFen(".5")).toEqual({ ok: true, value: 50 });
    expect(yuanToFen("7.")).toEqual({ ok: true, value: 700 });
    expect(yuanToFen("0")).toEqual({ ok: true, value: 0 });
  });
  it("takes a yuan sign and spaces", () => {
    expect(yuanToFen(" ¥8 ")).toEqual({ ok: true, value: 800 });
    expect(yuanToFen("￥ 3.05")).toEqual({ ok: true, value: 305 });
  });
  it("reads an empty field as no bound", () => {
    expect(yuanToFen("")).toEqual({ ok: true, value: null });
    expect(yuanToFen("   ")).toEqual({ ok: true, value: null });
  });
  it("rejects negatives, garbage, fractions of a fen and huge numbers with a message", () => {
    expect(yuanToFen("-3")).toEqual({ ok: false, error: "A price can't be negative." });
    for (const bad of ["abc", "12,5", "1e3", ".", "1.2.3", "12 元", "0x10"]) {
      const r = yuanToFen(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/is not a price/);
    }
    expect(yuanToFen("1.005")).toEqual({ ok: false, error: "A price has at most 2 decimals (fen)." });
    expect(yuanToFen("1000000000")).toEqual({ ok: false, error: "That price is too large." });
  });
});

describe("parseMoq", () => {
  it("takes whole pieces or nothing", () => {
    expect(parseMoq("50")).toEqual({ ok: true, value: 50 });
    expect(parseMoq(" 2 ")).toEqual({ ok: true, value: 2 });
    expect(parseMoq("")).toEqual({ ok: true, value: null });
  });
  it("rejects what cannot be a max MOQ", () => {
    expect(parseMoq("-1")).toEqual({ ok: false, error: "Max MOQ can't be negative." });
    expect(parseMoq("0")).toEqual({ ok: false, error: "Max MOQ must be at least 1." });
    expect(parseMoq("2.5").ok).toBe(false);
    expect(parseMoq("lots").ok).toBe(false);
    expect(parseMoq("99999999999").ok).toBe(false);
  });
});

describe("buildQuery", () => {
  it("sends the profile defaults for an untouched form", () => {
    expect(buildQuery(DEFAULT_FORM)).toEqual({
      ok: true,
      query: {
        mode: "same",
        page: 1,
        pageSize: 0,
        filters: {
          priceMinFen: null,
          priceMaxFen: null,
          moqMax: null,
          freeShipping: false,
          dropshipOnly: false,
          minSimilarity: null,
          factoryOnly: false,
        },
        sort: "relevance",
        weights: { similarity: 0.5, lowMoq: 0.3, inStock: 0.2 },
        lang: null,
        region: null,
      },
    });
  });
  it("carries every field of the form", () => {
    const form: FilterForm = {
      mode: "similar",
      priceMin: "5",
      priceMax: "12.5",
      moqMax: "100",
      freeShipping: true,
      dropshipOnly: true,
      factoryOnly: true,
      minSimilarity: 0,
      sort: "priceAsc",
      weights: { ...WEIGHTS },
    };
    const built = buildQuery(form);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.query.mode).toBe("similar");
    expect(built.query.sort).toBe("priceAsc");
    expect(built.query.filters).toEqual({
      priceMinFen: 500,
      priceMaxFen: 1250,
      moqMax: 100,
      freeShipping: true,
      dropshipOnly: true,
      minSimilarity: null,
      factoryOnly: true,
    });
  });
  it("names the wrong field and says why", () => {
    expect(buildQuery({ ...DEFAULT_FORM, priceMin: "-2" })).toEqual({ ok: false, field: "priceMin", error: "Min price: A price can't be negative." });
    expect(buildQuery({ ...DEFAULT_FORM, priceMax: "cheap" })).toMatchObject({ ok: false, field: "priceMax" });
    expect(buildQuery({ ...DEFAULT_FORM, moqMax: "x" })).toMatchObject({ ok: false, field: "moqMax" });
    expect(buildQuery({ ...DEFAULT_FORM, priceMin: "20", priceMax: "10" })).toEqual({
      ok: false,
      field: "priceMax",
      error: "The max price is below the min price.",
    });
  });
  it("allows a single-price range", () => {
    expect(buildQuery({ ...DEFAULT_FORM, priceMin: "10", priceMax: "10.00" }).ok).toBe(true);
  });
});

describe("the match slider and the supply-chain weights", () => {
  it("send the lowest match as a share and the weights as chosen", () => {
    const built = buildQuery({ ...DEFAULT_FORM, minSimilarity: 80, sort: "supplyChain", weights: { similarity: 0.2, lowMoq: 0.5, inStock: 0.3 } });
    expect(built.ok && built.query.filters.minSimilarity).toBe(0.8);
    expect(built.ok && built.query.weights).toEqual({ similarity: 0.2, lowMoq: 0.5, inStock: 0.3 });
    const none = buildQuery(DEFAULT_FORM);
    expect(none.ok && none.query.filters.minSimilarity).toBeNull();
  });
  it("keep weights between 0 and 1 in tenths, and fall back to the write-up's when unusable", () => {
    expect(cleanWeights({ similarity: 1.7, lowMoq: -1, inStock: 0.26 })).toEqual({ similarity: 1, lowMoq: 0, inStock: 0.3 });
    expect(cleanWeights({ similarity: 0, lowMoq: 0, inStock: 0 })).toEqual({ similarity: 0.5, lowMoq: 0.3, inStock: 0.2 });
    expect(cleanWeights(null)).toEqual(WEIGHTS);
    expect(cleanWeights({ similarity: Number.NaN })).toEqual(WEIGHTS);
  });
});

describe("withLang", () => {
  const query = (buildQuery(DEFAULT_FORM) as { ok: true; query: Parameters<typeof withLang>[0] }).query;
  it("asks for titles in the UI language", () => {
    expect(withLang(query, "en")).toEqual({ ...query, lang: "en" });
    expect(withLang(query, "zh")).toEqual({ ...query, lang: "zh" });
  });
  it("changes nothing else, and leaves the query it was given alone", () => {
    const sent = withLang({ ...query, region: { x: 1, y: 2, width: 3, height: 4 } }, "zh");
    expect(sent.region).toEqual({ x: 1, y: 2, width: 3, height: 4 });
    expect(sent.filters).toBe(query.filters);
    expect(query.lang).toBeNull();
  });
  it("has a language for every UI language", () => {
    for (const locale of locales) expect(RESULT_LANG[locale]).toMatch(/^[a-z]{2}$/);
  });
});
