import { describe, expect, it } from "vitest";
import { badgeLabel, matchLabel, moqLabel, offerFacts, priceLabel, shippingLabel, yuan } from "./format";

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
