// History: past searches (newest first), what the find box holds and what it
// found, and the search opened beside the list. Kept while the window lives;
// the list itself is read again on each visit (a search may have run since).
import type { Backend, HistoryTextHits, SearchDetail, SearchSummary } from "../backend";
import { toBackendError } from "../lib/errors";
import { IDLE, type Status } from "./status";

const PAGE_SIZE = 50;
/** How long the find box waits after the last key before asking the store. */
export const FIND_DELAY_MS = 200;

export class HistoryStore {
  all = $state.raw<SearchSummary[]>([]);
  /** Whether the list has been read at least once (the empty state needs to know). */
  loaded = $state(false);
  find = $state("");
  /** What the find box found; null while it is empty. */
  hits = $state.raw<HistoryTextHits | null>(null);
  detail = $state.raw<SearchDetail | null>(null);
  status = $state.raw<Status>(IDLE);

  #backend: Backend;
  #findSeq = 0;
  #findTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  fail(err: unknown): void {
    this.status = { kind: "error", error: toBackendError(err) };
  }

  async load(): Promise<void> {
    try {
      this.all = await this.#backend.call("list_history", { page: 0, pageSize: PAGE_SIZE });
      this.loaded = true;
      if (this.find.trim()) await this.#applyFind();
    } catch (err) {
      this.fail(err);
    }
  }

  /** The find box changed: asks the store once the buyer pauses. */
  setFind(text: string): void {
    this.find = text;
    clearTimeout(this.#findTimer);
    this.#findTimer = setTimeout(() => void this.#applyFind(), FIND_DELAY_MS);
  }

  async #applyFind(): Promise<void> {
    const text = this.find.trim();
    const mine = ++this.#findSeq;
    if (!text) {
      this.hits = null;
      return;
    }
    try {
      const hits = await this.#backend.call("find_in_history", { text });
      if (mine === this.#findSeq) this.hits = hits;
    } catch (err) {
      this.fail(err);
    }
  }

  /** The searches to list: what the find box found, or all. */
  get listed(): SearchSummary[] {
    return this.hits ? this.hits.searches : this.all;
  }

  async open(id: number): Promise<void> {
    try {
      this.detail = await this.#backend.call("open_search", { id });
      this.status = IDLE;
    } catch (err) {
      this.fail(err);
    }
  }

  async remove(id: number): Promise<void> {
    try {
      await this.#backend.call("delete_search", { id });
      this.all = this.all.filter((s) => s.id !== id);
      if (this.hits) this.hits = { ...this.hits, searches: this.hits.searches.filter((s) => s.id !== id) };
      if (this.detail?.summary.id === id) this.detail = null;
    } catch (err) {
      this.fail(err);
    }
  }
}
