// The catalogue as the pure logic sees it: a translator (`LL`) and the locale
// numbers and dates are formatted for. Library functions take one, English by
// default, so their Vitest tests read as before; components pass the buyer's.
import type { Locales, TranslationFunctions } from "../i18n/i18n-types";
import { i18nObject, isLocale, locales } from "../i18n/i18n-util";
import { loadAllLocales } from "../i18n/i18n-util.sync";

loadAllLocales();

export type { Locales, TranslationFunctions };
export { locales, isLocale };

export type Tr = { LL: TranslationFunctions; locale: Locales };

/** A translator for `locale`. */
export function tr(locale: Locales): Tr {
  return { LL: i18nObject(locale), locale };
}

export const EN: Tr = tr("en");

/** The BCP 47 tag `Intl` formats numbers and dates with, per catalogue. */
export const INTL_TAG: Record<Locales, string> = { en: "en-US", zh: "zh-CN" };

/** Each language named in itself, for the Settings picker. */
export const LANGUAGE_NAMES: Record<Locales, string> = { en: "English", zh: "简体中文" };

/**
 * The catalogue for the OS/browser languages, in the buyer's order of
 * preference: the first Chinese or English one wins; English otherwise.
 */
export function localeFor(languages: readonly string[]): Locales {
  for (const lang of languages) {
    const base = lang.toLowerCase().split(/[-_]/)[0];
    if (isLocale(base)) return base;
  }
  return "en";
}
