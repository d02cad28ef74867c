import { describe, expect, it } from "vitest";
import type { CallCount } from "../backend/bindings";
import { tr } from "./i18n";
import { QUOTA_WARN_AT, quotaMeter } from "./quota";

const count = (used: number, dailyQuota: number | null = null): CallCount => ({ profile: "1688-open", day: "2025-06-01", used, dailyQuota });
const ZH = tr("zh").LL;

describe("quotaMeter", () => {
  it("counts today's calls without a bar when the profile names no quota", () => {
    expect(quotaMeter(count(12))).toMatchObject({ text: "12 calls today", fraction: null, level: "ok" });
    expect(quotaMeter(count(1)).text).toBe("1 call today");
    expect(quotaMeter(count(0)).text).toBe("0 calls today");
    expect(quotaMeter(count(12), ZH).text).toBe("今日已调用 12 次");
  });

  it("gives the calls against the quota, with the share for the bar", () => {
    expect(quotaMeter(count(12, 500))).toEqual({
      text: "12 / 500 calls today",
      title:
        "Calls to the 1688 API by the active profile on 2025-06-01 (1688's day). The count starts again at midnight China time (GMT+8). Its plan allows 500 a day.",
      fraction: 0.024,
      level: "ok",
    });
    expect(quotaMeter(count(12, 500), ZH).text).toBe("今日已调用 12 / 500 次");
  });

  it("warns from 90 % of the quota on, and a full bar past it", () => {
    expect(QUOTA_WARN_AT).toBe(0.9);
    expect(quotaMeter(count(449, 500)).level).toBe("ok");
    expect(quotaMeter(count(450, 500)).level).toBe("warn");
    expect(quotaMeter(count(500, 500))).toMatchObject({ fraction: 1, level: "warn" });
    expect(quotaMeter(count(620, 500))).toMatchObject({ text: "620 / 500 calls today", fraction: 1, level: "warn" });
  });

  it("treats a quota of 0 as none (no share of nothing)", () => {
    expect(quotaMeter(count(3, 0))).toMatchObject({ text: "3 calls today", fraction: null, level: "ok" });
  });

  it("says in both languages that the day resets at midnight China time", () => {
    expect(quotaMeter(count(1)).title).toMatch(/midnight China time \(GMT\+8\)/);
    expect(quotaMeter(count(1), ZH).title).toBe("当前配置在 2025-06-01（1688 的日期）调用 1688 接口的次数。计数在中国时间（GMT+8）午夜清零。");
    expect(quotaMeter(count(1, 500), ZH).title).toMatch(/其套餐每天允许 500 次。$/);
  });
});
