// The window's state: one store per place plus the buyer's preferences, made
// once at start and handed to components through context. Views come and go;
// these stay, which is what keeps a place as the buyer left it.
import { getContext, setContext } from "svelte";
import type { Backend } from "../backend";
import { HistoryStore } from "./history.svelte";
import { Prefs, type KeyValue } from "./prefs.svelte";
import { QuotaStore } from "./quota.svelte";
import { SearchSession } from "./search.svelte";
import { SettingsStore } from "./settings.svelte";
import { ShortlistsStore } from "./shortlists.svelte";

export type Place = "search" | "history" | "shortlists" | "settings";
export const PLACES: Place[] = ["search", "history", "shortlists", "settings"];

export class AppState {
  place = $state<Place>("search");
  /** The `?` overlay listing the shortcuts. */
  shortcutsOpen = $state(false);
  readonly search: SearchSession;
  readonly quota: QuotaStore;
  readonly history: HistoryStore;
  readonly shortlists: ShortlistsStore;
  readonly settings: SettingsStore;
  readonly prefs: Prefs;

  constructor(
    readonly backend: Backend,
    storage: KeyValue | null,
    languages: readonly string[],
  ) {
    this.quota = new QuotaStore(backend);
    this.search = new SearchSession(
      backend,
      () => void this.quota.refresh(),
      () => this.prefs.locale,
    );
    this.history = new HistoryStore(backend);
    this.shortlists = new ShortlistsStore(backend);
    this.settings = new SettingsStore(backend);
    this.prefs = new Prefs(storage, languages);
    this.search.restoreWeights(this.prefs.weights);
  }

  go(place: Place): void {
    this.place = place;
  }
}

const KEY = Symbol("zhaohuo.app");

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
