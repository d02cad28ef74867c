// The quota meter: today's API calls of the active profile, in words and, when
// the profile says how many calls a day its plan allows, as a share of that.
// 1688's day is China's (GMT+8), so the count starts again at midnight there.
// Pure, unit-tested; the Search view draws what this returns.
import type { CallCount } from "../backend/bindings";
import { EN, type TranslationFunctions } from "./i18n";

/** From this share of the day's quota on, the meter is in the warning colour. */
export const QUOTA_WARN_AT = 0.9;

export type QuotaMeter = {
  /** "12 calls today", "12 / 500 calls today". */
  text: string;
  /** The tooltip: whose calls, which day, and when the count resets. */
  title: string;
  /** Share of the quota used, 0–1 (the bar); null without a quota (no bar). */
  fraction: number | null;
  /** "warn" from 90 % of the quota on. */
  level: "ok" | "warn";
};

export function quotaMeter(count: CallCount, LL: TranslationFunctions = EN.LL): QuotaMeter {
  const quota = count.dailyQuota;
  const reset = LL.quota.resets({ day: count.day });
  if (quota === null || quota <= 0) {
    return { text: LL.quota.used({ used: count.used }), title: reset, fraction: null, level: "ok" };
  }
  const share = count.used / quota;
  return {
    text: LL.quota.usedOf({ used: count.used, quota }),
    title: `${reset} ${LL.quota.allows({ quota })}`,
    fraction: Math.min(1, share),
    level: share >= QUOTA_WARN_AT ? "warn" : "ok",
  };
}
