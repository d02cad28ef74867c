import { describe, expect, it } from "vitest";
import { EN, localeFor, tr } from "./i18n";

describe("localeFor", () => {
  it("takes the first Chinese or English language the system prefers", () => {
    expect(localeFor(["zh-CN", "en-US"])).toBe("zh");
    expect(localeFor(["zh_TW"])).toBe("zh");
    expect(localeFor(["de-DE", "en-GB", "zh-CN"])).toBe("en");
    expect(localeFor(["fr-FR", "zh-Hans-CN"])).toBe("zh");
  });
  it("falls back to English", () => {
    expect(localeFor([])).toBe("en");
    expect(localeFor(["ru-RU"])).toBe("en");
  });
});

describe("translators", () => {
  it("fill parameters and English plurals", () => {
    expect(EN.LL.search.count({ shown: 1, profile: "demo" })).toBe("1 offer from demo.");
    expect(EN.LL.search.countOf({ shown: 12, total: 40, profile: "demo" })).toBe("12 offers of 40 from demo.");
    expect(tr("zh").LL.nav.search()).toBe("找货");
  });
});
