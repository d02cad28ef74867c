// Shortlists: the lists (names, counts), the one open beside them, and the
// status line. Every change reloads what it touched from the store, so counts
// and "Move to…" choices always follow.
import type { Backend, Shortlist, ShortlistDetail } from "../backend";
import { toBackendError } from "../lib/errors";
import type { TranslationFunctions } from "../lib/i18n";
import { IDLE, type Status } from "./status";

export class ShortlistsStore {
  known = $state.raw<Shortlist[]>([]);
  loaded = $state(false);
  current = $state<number | null>(null);
  detail = $state.raw<ShortlistDetail | null>(null);
  status = $state.raw<Status>(IDLE);

  #backend: Backend;
  /** Only the newest `open` renders: a slow answer for a list clicked earlier is dropped. */
  #openSeq = 0;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  fail(err: unknown): void {
    this.status = { kind: "error", error: toBackendError(err) };
  }

  say(text: (LL: TranslationFunctions) => string): void {
    this.status = { kind: "notice", text };
  }

  async refresh(): Promise<void> {
    try {
      this.known = await this.#backend.call("list_shortlists", {});
      this.loaded = true;
    } catch (err) {
      this.fail(err);
    }
  }

  async open(id: number): Promise<void> {
    const mine = ++this.#openSeq;
    try {
      const found = await this.#backend.call("open_shortlist", { id });
      if (mine !== this.#openSeq) return;
      this.current = id;
      this.detail = found;
      this.status = IDLE;
    } catch (err) {
      if (mine === this.#openSeq) this.fail(err);
    }
  }

  /** Reloads the lists and the open list after a change. */
  reload(): Promise<unknown> {
    return Promise.all([this.refresh(), this.current === null ? null : this.open(this.current)]);
  }

  /** On each visit: the lists, and the open list as it is now (offers may have been added from Search). */
  visit(): Promise<unknown> {
    return this.reload();
  }

  async create(name: string): Promise<boolean> {
    const text = name.trim();
    if (!text) return false;
    try {
      await this.#backend.call("create_shortlist", { name: text });
      await this.reload();
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  /** The store trims and checks the name (1–200 characters); its error says what is wrong. */
  async rename(id: number, name: string): Promise<boolean> {
    try {
      await this.#backend.call("rename_shortlist", { id, name });
      await this.reload();
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  async setNotes(id: number, notes: string): Promise<void> {
    try {
      await this.#backend.call("set_shortlist_notes", { id, notes });
      this.say((LL) => LL.shortlists.notesSaved());
    } catch (err) {
      this.fail(err);
    }
  }

  async setItemNote(item: number, note: string): Promise<void> {
    try {
      await this.#backend.call("set_item_note", { item, note });
      this.say((LL) => LL.shortlists.noteSaved());
    } catch (err) {
      this.fail(err);
    }
  }

  async move(item: number, to: number): Promise<boolean> {
    try {
      await this.#backend.call("move_shortlist_item", { item, to });
      const dest = this.known.find((l) => l.id === to)?.name;
      await this.reload();
      this.say((LL) => LL.shortlists.moved({ name: dest ?? LL.shortlists.otherList() }));
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  async removeItem(item: number): Promise<void> {
    try {
      await this.#backend.call("remove_shortlist_item", { item });
      await this.reload();
    } catch (err) {
      this.fail(err);
    }
  }

  async deleteList(list: Shortlist): Promise<boolean> {
    try {
      await this.#backend.call("delete_shortlist", { id: list.id });
      this.current = null;
      this.detail = null;
      await this.refresh();
      this.say((LL) => LL.shortlists.deleted({ name: list.name }));
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  openPage(url: string): void {
    this.#backend.call("open_offer_page", { url }).catch((err: unknown) => this.fail(err));
  }
}
