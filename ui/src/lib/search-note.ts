// The one-line note under the Search status: where the filters ran (at the
// provider or here, because its API can't) and whether the answer came from the
// local cache. Pure, unit-tested; the view adds the Refresh button.
import type { FilterKey, Offer, SearchResult, SortKey } from "../backend/bindings";
import { EN, type TranslationFunctions } from "./i18n";

/** How long the response cache answers a repeat (the store's CACHE_TTL). */
export const CACHE_HOURS = 6;

export type NoteInput = Pick<SearchResult, "filtersRemote" | "filtersLocal" | "sortRemote" | "filteredOut" | "fromCache">;

export type SearchNote = {
  /** Where filters (and a non-default sort) ran; null when none did. */
  filters: string | null;
  /** Set when the answer came from the local cache. */
  cache: string | null;
};

const names = (keys: FilterKey[], LL: TranslationFunctions) =>
  [...new Set(keys)].map((k) => (k in LL.note.filter ? LL.note.filter[k]() : k)).join(LL.note.separator());

/**
 * "Filtered by 1688: price. Filtered here (the API can't): max MOQ, free
 * shipping — 3 offers hidden." and "From your local cache (…; no quota used)".
 * `sort` is the sort the buyer asked for: named only when Zhaohuo had to do it.
 */
export function searchNote(r: NoteInput, sort: SortKey = "relevance", LL: TranslationFunctions = EN.LL): SearchNote {
  const parts: string[] = [];
  if (r.filtersRemote.length) parts.push(LL.note.remote({ names: names(r.filtersRemote, LL) }));
  if (r.filtersLocal.length) {
    const local = names(r.filtersLocal, LL);
    parts.push(r.filteredOut > 0 ? LL.note.localHidden({ names: local, count: r.filteredOut }) : LL.note.local({ names: local }));
  }
  if (!r.sortRemote && sort !== "relevance") parts.push(LL.note.sorted({ sort: LL.filters.sorts[sort]() }));
  return {
    filters: parts.length ? parts.join(" ") : null,
    cache: r.fromCache ? LL.note.cache({ hours: CACHE_HOURS }) : null,
  };
}

/** The note after a "More results" page: filters that ran on any page, offers hidden on all of them. */
export function mergeNote(shown: NoteInput, more: NoteInput): NoteInput {
  return {
    filtersRemote: [...new Set([...shown.filtersRemote, ...more.filtersRemote])],
    filtersLocal: [...new Set([...shown.filtersLocal, ...more.filtersLocal])],
    sortRemote: shown.sortRemote && more.sortRemote,
    filteredOut: shown.filteredOut + more.filteredOut,
    fromCache: shown.fromCache,
  };
}

const keyOf = (o: Offer) => `${o.profile}\u0000${o.offerId}`;

/**
 * The offers of a "More results" page not already in `shown` (nor twice in
 * the page), in their order; `shown` is updated with them.
 */
export function newOffers(shown: Set<string>, incoming: Offer[]): Offer[] {
  const fresh: Offer[] = [];
  for (const o of incoming) {
    const key = keyOf(o);
    if (shown.has(key)) continue;
    shown.add(key);
    fresh.push(o);
  }
  return fresh;
}

/** The keys `newOffers` compares, for the first page's offers. */
export function offerKeys(list: Offer[]): Set<string> {
  return new Set(list.map(keyOf));
}

/** "12 offers of 40 from demo." — the status line's count. */
export function countLine(shown: number, total: number | null, profile: string, LL: TranslationFunctions = EN.LL): string {
  const all = total ?? shown;
  return all > shown ? LL.search.countOf({ shown, total: all, profile }) : LL.search.count({ shown, profile });
}
