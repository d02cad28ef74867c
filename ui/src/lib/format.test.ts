import { describe, expect, it } from "vitest";
import { badgeLabel, count, matchLabel, moqLabel, offerFacts, priceLabel, shippingLabel, titles, when, yuan } from "./format";
import { tr } from "./i18n";

describe("prices", () => {
  it("shows fen as yuan with two decimals", () => {
    expect(yuan(0)).toBe("0.00");
    expect(yuan(5)).toBe("0.05");
    expect(yuan(1250)).toBe("12.50");
    expect(yuan(123456)).toBe("1234.56");
  });
  it("shows a single price or a range", () => {
    expect(priceLabel({ minFen: 990, maxFen: 990 })).toBe("¥9.90");
    expect(priceLabel({ minFen: 1000, maxFen: 1500 })).toBe("¥10.00–15.00");
    expect(priceLabel(null)).toBe("price on request");
  });
});

describe("MOQ and match", () => {
  it("names the unit when known", () => {
    expect(moqLabel(10, "件")).toBe("MOQ 10 件");
    expect(moqLabel(2, null)).toBe("MOQ 2");
    expect(moqLabel(null, "pcs")).toBe("MOQ —");
  });
  it("prefers similarity, falls back to rank", () => {
    expect(matchLabel({ similarity: 0.956, rank: 1 })).toBe("96% match");
    expect(matchLabel({ similarity: null, rank: 3 })).toBe("#3");
  });
});

describe("shipping", () => {
  it("reads each kind", () => {
    expect(shippingLabel({ kind: "free" })).toBe("Free shipping");
    expect(shippingLabel({ kind: "paid" })).toBe("Shipping paid");
    expect(shippingLabel({ kind: "fee", fen: 800 })).toBe("Shipping ¥8.00");
  });
});

describe("offer facts", () => {
  const supplier = { id: null, name: "义乌工厂", city: null, badges: [] as string[], creditLevel: null as string | null };
  it("lists what the provider said, in a buyer's words", () => {
    expect(
      offerFacts({ monthSold: 15600, repurchaseRate: 0.354, dropship: true, supplyType: "现货", supplier: { ...supplier, badges: ["实力商家"], creditLevel: "AAA" } }),
    ).toEqual(["15,600 sold/month", "35% reorder", "一件代发 dropship", "现货", "credit AAA", "实力商家"]);
  });
  it("leaves out what is unknown and says nothing for 'no dropship'", () => {
    expect(offerFacts({ monthSold: null, repurchaseRate: null, dropship: false, supplyType: null, supplier })).toEqual([]);
    expect(offerFacts({ monthSold: 0, repurchaseRate: 0, dropship: null, supplyType: null, supplier })).toEqual(["0 sold/month", "0% reorder"]);
  });
});

describe("badges", () => {
  it("names 1688's seller-identity codes and keeps other badges as given", () => {
    expect(badgeLabel("tp_member")).toBe("诚信通");
    expect(badgeLabel("super_factory")).toBe("超级工厂");
    expect(badgeLabel("源头工厂")).toBe("源头工厂");
  });
});

describe("titles", () => {
  const offer = { title: "纯棉短袖T恤", titleTranslated: "Cotton T-shirt" };
  it("lead with the translation in English and with 1688's title in Chinese", () => {
    expect(titles(offer)).toEqual({ primary: "Cotton T-shirt", secondary: "纯棉短袖T恤" });
    expect(titles(offer, tr("zh"))).toEqual({ primary: "纯棉短袖T恤", secondary: "Cotton T-shirt" });
    expect(titles({ title: "杯子", titleTranslated: null })).toEqual({ primary: "杯子", secondary: null });
  });
});

describe("Chinese formatting", () => {
  const zh = tr("zh");
  it("words labels in Chinese and groups digits by locale", () => {
    expect(priceLabel(null, zh)).toBe("价格面议");
    expect(priceLabel({ minFen: 990, maxFen: 1500 }, zh)).toBe("¥9.90–15.00");
    expect(moqLabel(10, "件", zh)).toBe("起批 10 件");
    expect(matchLabel({ similarity: 0.956, rank: 1 }, zh)).toBe("相似度 96%");
    expect(count(15600, zh)).toBe("15,600");
    expect(when(Date.UTC(2026, 0, 2, 3, 4), zh)).toMatch(/2026/);
  });
});
