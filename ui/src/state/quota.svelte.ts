// Today's API calls of the active profile (`count_calls`), for the quota
// meter. Asked again after each search and "More results" (a call that reached
// the gateway counts whether the search succeeded, failed or was stopped) and
// when the active profile changes; only the newest answer is kept.
import type { Backend, CallCount } from "../backend";

export class QuotaStore {
  /** The newest count; null until one came, or when the last ask failed (the meter is then hidden: it is a side note, never an error). */
  count = $state.raw<CallCount | null>(null);

  #seq = 0;
  #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  async refresh(): Promise<void> {
    const mine = ++this.#seq;
    try {
      const count = await this.#backend.call("count_calls", {});
      if (mine === this.#seq) this.count = count;
    } catch {
      if (mine === this.#seq) this.count = null;
    }
  }
}
