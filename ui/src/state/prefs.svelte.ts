// The buyer's choices about the window itself: language, theme, offers as a
// list or a grid, the supply-chain sort's weights, the shortlist `S` adds to,
// and per profile where sign-in's browser comes back to. Remembered in localStorage
// (they are not secrets and need no round trip to Rust); the language starts
// as the OS/browser's.
import type { SupplyWeights } from "../backend";
import { cleanWeights } from "../lib/filters";
import { isLocale, localeFor, type Locales } from "../lib/i18n";
import { cleanRedirect, DEFAULT_REDIRECT, type RedirectForm } from "../lib/signin";

export type Theme = "system" | "light" | "dark";
export type Layout = "list" | "grid";

export const PREFS_KEY = "zhaohuo.prefs";

type Saved = { locale?: string; theme?: string; layout?: string; lastList?: number | null; weights?: Partial<SupplyWeights>; signIn?: Record<string, unknown> };

/** The parts of `Storage` used (tests pass a Map-backed stand-in). */
export type KeyValue = Pick<Storage, "getItem" | "setItem">;

export class Prefs {
  locale = $state<Locales>("en");
  theme = $state<Theme>("system");
  layout = $state<Layout>("list");
  /** The shortlist an offer was last added to: `S` adds there. */
  lastList = $state<number | null>(null);
  weights = $state<SupplyWeights>(cleanWeights(null));
  /** Profile id → the sign-in redirect chosen (loopback and its port, or the app's registered address). */
  signIn = $state<Record<string, RedirectForm>>({});

  #storage: KeyValue | null;

  constructor(storage: KeyValue | null, languages: readonly string[]) {
    this.#storage = storage;
    let saved: Saved = {};
    try {
      saved = JSON.parse(storage?.getItem(PREFS_KEY) ?? "{}") as Saved;
    } catch {
      saved = {}; // unreadable prefs: start from the defaults
    }
    this.locale = saved.locale && isLocale(saved.locale) ? saved.locale : localeFor(languages);
    this.theme = saved.theme === "light" || saved.theme === "dark" ? saved.theme : "system";
    this.layout = saved.layout === "grid" ? "grid" : "list";
    this.lastList = typeof saved.lastList === "number" ? saved.lastList : null;
    this.weights = cleanWeights(saved.weights);
    const signIn = saved.signIn && typeof saved.signIn === "object" ? saved.signIn : {};
    this.signIn = Object.fromEntries(Object.entries(signIn).map(([profile, form]) => [profile, cleanRedirect(form)]));
  }

  #save(): void {
    const saved: Saved = { locale: this.locale, theme: this.theme, layout: this.layout, lastList: this.lastList, weights: { ...this.weights }, signIn: $state.snapshot(this.signIn) };
    try {
      this.#storage?.setItem(PREFS_KEY, JSON.stringify(saved));
    } catch {
      // Storage full or disabled: the choice still holds for this window.
    }
  }

  setLocale(locale: Locales): void {
    this.locale = locale;
    this.#save();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.#save();
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
    this.#save();
  }

  setWeights(weights: SupplyWeights): void {
    this.weights = cleanWeights(weights);
    this.#save();
  }

  /** The sign-in redirect last chosen for `profile` (the loopback default at first). */
  redirectOf(profile: string): RedirectForm {
    return this.signIn[profile] ?? { ...DEFAULT_REDIRECT };
  }

  setRedirect(profile: string, form: RedirectForm): void {
    this.signIn[profile] = cleanRedirect(form);
    this.#save();
  }

  setLastList(id: number | null): void {
    this.lastList = id;
    this.#save();
  }
}
