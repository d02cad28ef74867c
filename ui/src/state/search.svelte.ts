// The search session: the photo, its crop, the filter bar's values, the offers
// listed, and which search is newest. It lives as long as the window, so
// leaving Search and coming back shows the same photo, crop, filters and
// offers.
//
// Only the newest search may change the screen: each search (and Stop) bumps
// `generation`, and an answer or failure of an older one is dropped unseen,
// whether the shell cancelled it (`search.cancelled`) or it arrived late.
import { BackendError, type Backend, type CropBox, type LoadedPhoto, type Offer, type SearchQuery, type SeenBefore, type Shortlist, type SortKey, type SupplyWeights } from "../backend";
import { remedy, toBackendError } from "../lib/errors";
import { DEFAULT_FORM, buildQuery, withLang, type FilterForm } from "../lib/filters";
import type { Locales } from "../lib/i18n";
import { preparedRegions } from "../lib/regions";
import { countLine, mergeNote, newOffers, offerKeys, type NoteInput } from "../lib/search-note";
import type { Origin } from "../lib/source";
import { stageLine, type ReadFrom, type Stage } from "../lib/stage";
import { IDLE, type Status } from "./status";

/** Where the buyer brought a photo from, in this window. */
export type Source = ReadFrom;

/** The results on screen, which "More results" extends. Replaced whole on each change. */
export type Shown = {
  searchId: number;
  profile: string;
  total: number | null;
  offers: Offer[];
  /** Offers listed, by `newOffers` key: a repeat is never listed twice. */
  keys: Set<string>;
  note: NoteInput;
  sort: SortKey;
  hasMore: boolean;
  seenBefore: SeenBefore[];
  /** The region 1688 says it searched, in the photo's pixels (null: it did not say). */
  searchedRegion: CropBox | null;
  /** Why history could not keep these offers (a full disk); shown with them. Null: saved. */
  notSaved: BackendError | null;
};

/**
 * What 1688 found on the photo: `detectedRegions` with the `searchedRegion` of
 * the same answer, the crop that search sent, and 1688's own region of each
 * object (`regions[i]` of `detected[i]`, prepared-image pixels; null when the
 * answer does not say), which a search of it sends back as `query.region`.
 */
export type Objects = { detected: CropBox[]; searched: CropBox | null; crop: CropBox | null; regions: (CropBox | null)[] };
const NO_OBJECTS: Objects = { detected: [], searched: null, crop: null, regions: [] };

/** The query the untouched filter bar sends. */
export const DEFAULT_QUERY: SearchQuery = (buildQuery(DEFAULT_FORM) as { ok: true; query: SearchQuery }).query;

const offerKey = (o: Offer) => `${o.profile}\u0000${o.offerId}`;

export class SearchSession {
  photo = $state.raw<LoadedPhoto | null>(null);
  crop = $state.raw<CropBox | null>(null);
  /**
   * The object of 1688's searches send as `query.region` (prepared-image
   * pixels), picked among those it found in this crop; null: 1688 chooses.
   * Goes when the crop or the photo changes.
   */
  region = $state.raw<CropBox | null>(null);
  /**
   * The objects 1688 found on this photo and the one it searched (photo
   * pixels), from the newest answer that came: they stay while a new search
   * runs, so one can be picked after another, and go with the photo.
   */
  objects = $state.raw<Objects>(NO_OBJECTS);
  /** Where `photo` came from, for the words that describe it. */
  origin = $state<Origin>("dropped");
  /** The filter bar as the buyer left it (text fields unparsed). */
  form = $state<FilterForm>({ ...DEFAULT_FORM, weights: { ...DEFAULT_FORM.weights } });
  /** The query searches send: the filter bar's last valid values. */
  query = $state.raw<SearchQuery>(DEFAULT_QUERY);
  status = $state.raw<Status>(IDLE);
  /** What the photo's way in or its search is doing now (the status line says it); null when neither runs. */
  stage = $state.raw<Stage | null>(null);
  running = $state<"search" | "more" | null>(null);
  shown = $state.raw<Shown | null>(null);
  /** Shortlists the offer pickers offer; a list started from one offer is offered by all. */
  lists = $state<Shortlist[]>([]);
  /** Offer key → the list it was added to in this session. */
  added = $state<Record<string, string>>({});
  /** The offer the arrow keys are on (index into `shown.offers`), -1 for none. */
  selected = $state(-1);
  /** The offer shown in the details panel. */
  panel = $state.raw<Offer | null>(null);

  #generation = 0;
  #moreSeq = 0;
  #backend: Backend;
  /** Called when a search or "More results" ends, however it ended: it may have spent API calls. */
  #afterCalls: () => void;
  /** The UI language now: searches ask for titles in it. */
  #locale: () => Locales;

  constructor(backend: Backend, afterCalls: () => void = () => {}, locale: () => Locales = () => "en") {
    this.#backend = backend;
    this.#afterCalls = afterCalls;
    this.#locale = locale;
  }

  fail(err: unknown): void {
    this.status = { kind: "error", error: toBackendError(err) };
  }

  /** The supply-chain weights the buyer chose last time: the bar and the query start from them. */
  restoreWeights(weights: SupplyWeights): void {
    this.form.weights = { ...weights };
    const built = buildQuery(this.form);
    if (built.ok) this.query = built.query;
  }

  keyOf(offer: Offer): string {
    return offerKey(offer);
  }

  /** Takes a photo from `load` (null: the buyer cancelled), then searches it with its suggested crop. */
  async receive(load: () => Promise<LoadedPhoto | null>, source: Source): Promise<void> {
    this.#show({ kind: "reading", from: source });
    try {
      const loaded = await load();
      if (!loaded) {
        this.stage = null;
        this.status = IDLE;
        return;
      }
      this.photo = loaded;
      this.objects = NO_OBJECTS;
      this.origin = source;
      this.crop = loaded.suggestedCrop;
      this.region = null;
      await this.search();
    } catch (err) {
      this.stage = null;
      const e = toBackendError(err);
      // Ctrl+V with text (or nothing) on the clipboard is not a failure; say what works.
      if (source === "pasted" && e.kind === "clipboard.no_image") this.status = { kind: "notice", text: (LL) => LL.search.noClipboardImage() };
      else this.status = { kind: "error", error: e };
    }
  }

  /** A drop anywhere in the window: the file, or null when none could be a photo. */
  takeDrop(file: File | null): void {
    if (!file) {
      this.status = {
        kind: "error",
        error: new BackendError({ kind: "ui.not_image", message: "that was not an image file", hint: "Drop a JPEG, PNG, WebP, GIF, BMP or TIFF photo." }),
      };
      return;
    }
    void this.loadBytes(file, "dropped");
  }

  loadBytes(file: Blob, source: Source): Promise<void> {
    return this.receive(async () => this.#backend.call("load_photo", { body: new Uint8Array(await file.arrayBuffer()) }), source);
  }

  /** A picture's web address (pasted or dragged from a browser): Rust downloads it, https only. */
  loadLink(url: string): Promise<void> {
    return this.receive(() => this.#backend.call("load_photo_url", { url }), "link");
  }

  openPhoto(): Promise<void> {
    return this.receive(() => this.#backend.call("open_photo", {}), "chosen");
  }

  /** Asks Rust for the system clipboard (screenshots reach it as pixels even when the webview cannot see them). */
  pasteFromSystem(): Promise<void> {
    return this.receive(() => this.#backend.call("paste_photo", {}), "pasted");
  }

  /** A new crop drawn on the photo (searched by the caller when the drag ends). */
  setCrop(crop: CropBox): void {
    this.crop = crop;
    this.region = null;
  }

  /**
   * An object 1688 found (`objects.detected[index]`) picked on the photo: the
   * crop of the search that found it is searched again with its region, in the
   * same upload. When the answer did not say which region it is, it becomes
   * the crop instead (a new upload), as a candidate does.
   */
  searchObject(index: number): Promise<void> {
    const { detected, crop, regions } = this.objects;
    const box = detected[index];
    if (!box) return Promise.resolve();
    const region = regions[index] ?? null;
    if (region) {
      this.crop = crop;
      this.region = region;
    } else this.setCrop(box);
    return this.search();
  }

  /** A new valid query from the filter bar: searches again when it differs from the one searched. */
  setQuery(query: SearchQuery): void {
    if (JSON.stringify(query) === JSON.stringify(this.query)) return;
    this.query = query;
    void this.search();
  }

  async search(options: { refresh?: boolean } = {}): Promise<void> {
    const photo = this.photo;
    if (!photo) return;
    const mine = ++this.#generation;
    const sent = { ...withLang(this.query, this.#locale()), region: this.region };
    const crop = this.crop;
    this.shown = null;
    this.selected = -1;
    this.added = {};
    this.running = "search";
    this.#show({ kind: "searching", refresh: options.refresh ?? false, source: photo.source, origin: this.origin });
    try {
      const result = await this.#backend.call("search_photo", {
        request: { photoId: photo.photoId, crop, query: sent, refresh: options.refresh ?? false },
      });
      const lists = await this.#backend.call("list_shortlists", {}).catch((): Shortlist[] => []);
      if (mine !== this.#generation) return; // a newer search, or Stop, took over
      const keys = offerKeys([]);
      this.lists = lists;
      this.objects = {
        detected: result.detectedRegions,
        searched: result.searchedRegion,
        crop,
        regions: preparedRegions(result.detectedRegions, result.picRegion, result.searchedRegion),
      };
      this.shown = {
        searchId: result.searchId,
        profile: result.profile,
        total: result.total,
        offers: newOffers(keys, result.offers),
        keys,
        note: result,
        sort: sent.sort,
        hasMore: result.hasMore,
        seenBefore: result.seenBefore,
        searchedRegion: result.searchedRegion,
        notSaved: result.notSaved && new BackendError(result.notSaved),
      };
      this.#countStatus();
    } catch (err) {
      if (mine !== this.#generation) return;
      // Cancelled by neither Stop nor a newer search of ours: nothing to report.
      const e = toBackendError(err);
      this.status = remedy(e) === "quiet" ? IDLE : { kind: "error", error: e };
    } finally {
      if (mine === this.#generation) {
        this.running = null;
        this.stage = null;
      }
      this.#afterCalls();
    }
  }

  /** Enters `stage`, which the status line then names. */
  #show(stage: Stage): void {
    this.stage = stage;
    this.status = { kind: "text", text: (LL) => stageLine(stage, LL) };
  }

  #countStatus(stopped = false): void {
    const view = this.shown;
    if (!view) return;
    const shown = view.keys.size;
    this.status = {
      kind: "text",
      text: (LL) => `${countLine(shown, view.total, view.profile, LL)}${stopped ? ` ${LL.search.stopped()}` : ""}`,
    };
  }

  /** "More results": the next page of the search on screen, appended without repeats. */
  async loadMore(): Promise<void> {
    const view = this.shown;
    if (this.running || !view) return;
    const mine = this.#generation;
    const seq = ++this.#moreSeq;
    const current = () => mine === this.#generation && seq === this.#moreSeq && this.shown?.searchId === view.searchId;
    this.running = "more";
    try {
      const page = await this.#backend.call("search_more", { searchId: view.searchId });
      if (!current() || !this.shown) return;
      const now = this.shown;
      this.shown = {
        ...now,
        offers: [...now.offers, ...newOffers(now.keys, page.offers)],
        total: page.total ?? now.total,
        note: mergeNote(now.note, page),
        hasMore: page.hasMore,
        searchedRegion: now.searchedRegion ?? page.searchedRegion,
        // The first page unsaved stays unsaved; a later page that could not be added says so too.
        notSaved: page.notSaved ? new BackendError(page.notSaved) : now.notSaved,
      };
      this.#countStatus();
    } catch (err) {
      if (!current()) return;
      const e = toBackendError(err);
      if (remedy(e) === "quiet") this.#countStatus();
      else this.status = { kind: "error", error: e };
    } finally {
      if (current()) this.running = null;
      this.#afterCalls();
    }
  }

  /** Stop: drops whatever the stopped call still sends back, then asks the shell to stop it. */
  stop(): void {
    if (!this.running) return;
    if (this.running === "search") {
      this.#generation++;
      this.stage = null;
      this.status = { kind: "text", text: (LL) => LL.search.stopped() };
    } else {
      this.#moreSeq++;
      this.#countStatus(true);
    }
    this.running = null;
    this.#backend.call("cancel_search", {}).catch((err: unknown) => (this.status = { kind: "error", error: toBackendError(err) }));
  }

  /** Moves the keyboard selection by `step` offers, staying within the list. */
  move(step: number): void {
    const n = this.shown?.offers.length ?? 0;
    if (n === 0) return;
    this.selected = Math.min(n - 1, Math.max(0, this.selected < 0 ? 0 : this.selected + step));
  }

  selectedOffer(): Offer | null {
    return this.shown?.offers[this.selected] ?? null;
  }

  /** Adds `offer` to list `listId`, or to a new list named after the count when `listId` is "new". */
  async addToList(offer: Offer, listId: number | "new", newName: string): Promise<Shortlist> {
    let list = this.lists.find((l) => l.id === listId);
    if (!list) {
      list = await this.#backend.call("create_shortlist", { name: newName });
      this.lists.push(list);
    }
    await this.#backend.call("add_to_shortlist", {
      list: list.id,
      item: { kind: "offer", profile: offer.profile, offerId: offer.offerId },
      note: "",
    });
    this.added[offerKey(offer)] = list.name;
    return list;
  }
}
