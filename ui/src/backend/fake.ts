// An in-memory backend for browser and unit tests: same interface, no Rust.
// It answers like the real app would, over a tiny fixed catalog. It records
// every call (command and arguments) so tests can assert what the UI asked
// for, and stands in for the desktop: `system.clipboard` is what Rust would
// read from the system clipboard, `system.dialog` the file the buyer picks in
// the Open… dialog (null: they cancel).
import type { Args, Backend, CommandName, Returns } from "./index";
import { BackendError } from "./index";
import type { ErrorPayload, LoadedPhoto, Offer, SearchResult, SearchSummary, Shortlist, ShortlistItem } from "./bindings";

export type FakeHandlers = { [K in CommandName]: (args: Args<K>) => Returns<K> | Promise<Returns<K>> };

/** Twelve offers in the shapes providers give: ranges, single prices, none; scored and rank-only. */
export function fakeOffers(count = 12, start = 0): Offer[] {
  return Array.from({ length: count }, (_, k) => start + k).map((i) => ({
    profile: "demo",
    offerId: String(610000000000 + i),
    title: `纯棉短袖T恤 款${i + 1}`,
    titleTranslated: `Cotton T-shirt style ${i + 1}`,
    imageUrl: null,
    detailUrl: `https://detail.1688.com/offer/${610000000000 + i}.html`,
    price: i % 5 === 4 ? null : { minFen: 1250 + i * 100, maxFen: i % 2 ? 1250 + i * 100 : 1800 + i * 100 },
    moq: i % 3 === 0 ? 2 : 10 * i,
    unit: "件",
    supplier: { id: `s${i}`, name: `义乌市服饰有限公司 ${i}`, city: i % 2 ? "义乌" : "广州", badges: [], creditLevel: null },
    shipping: i % 2 ? { kind: "free" } : null,
    similarity: i < 6 ? 0.97 - i * 0.03 : null,
    rank: i + 1,
    monthSold: 100 * i,
    supplyType: "现货",
  }));
}

function dataUrl(bytes: Uint8Array, type: string): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:${type};base64,${btoa(binary)}`;
}

async function fakeLoad(bytes: Uint8Array): Promise<LoadedPhoto> {
  const blob = new Blob([bytes as BlobPart]);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new BackendError({ kind: "photo.corrupt", message: "the image data is corrupt or truncated", hint: "Try another photo." });
  }
  const { width, height } = bitmap;
  return {
    photoId: 1,
    width,
    height,
    format: "png",
    suggestedCrop: { x: Math.round(width / 8), y: Math.round(height / 8), width: Math.round((width * 3) / 4), height: Math.round((height * 3) / 4) },
    preview: dataUrl(bytes, "image/png"),
  };
}

/** What the desktop holds for the commands that read it on the Rust side. */
export type FakeSystem = {
  /** Image bytes on the system clipboard; null when it holds no image. */
  clipboard: Uint8Array | null;
  /** Bytes of the file picked in the Open… dialog; null when the buyer cancels. */
  dialog: Uint8Array | null;
};

/** A result page as the demo profile answers: scored, sorted and filtered remotely, not cached. */
function page(searchId: number, pageNo: number, offers: Offer[]): SearchResult {
  return {
    searchId,
    profile: "demo",
    offers,
    total: null,
    hasMore: false,
    page: pageNo,
    seenBefore: [],
    filtersRemote: [],
    filtersLocal: [],
    sortRemote: true,
    filteredOut: 0,
    fromCache: false,
  };
}

export function defaultHandlers(system: FakeSystem = { clipboard: null, dialog: null }): FakeHandlers {
  const history: SearchSummary[] = [];
  const lists: Shortlist[] = [];
  const items: ShortlistItem[] = [];
  const listById = (id: number) => {
    const list = lists.find((l) => l.id === id);
    if (!list) throw new BackendError({ kind: "store.not_found", message: `no shortlist ${id}`, hint: null });
    return list;
  };
  return {
    app_info: () => ({ version: "0.0.0-fake", dataDir: "/tmp/zhaohuo-fake", activeProfile: "demo", demoUrl: null }),
    load_photo: ({ body }) => fakeLoad(body),
    paste_photo: () => {
      if (!system.clipboard) {
        // The same kind, message and hint as the shell's `CommandError::NoClipboardImage`.
        throw new BackendError({
          kind: "clipboard.no_image",
          message: "the clipboard holds no image",
          hint: "Copy an image or take a screenshot, then paste again.",
        });
      }
      return fakeLoad(system.clipboard);
    },
    open_photo: async () => (system.dialog ? fakeLoad(system.dialog) : null),
    search_photo: ({ request }) => {
      const id = history.length + 1;
      const offers = fakeOffers();
      history.unshift({
        id,
        createdAtMs: Date.now(),
        profile: "demo",
        mode: "same",
        filters: {},
        sort: null,
        crop: request.crop,
        photoSha256: "0".repeat(64),
        thumbnailDataUrl: null,
        resultCount: offers.length,
        outcome: { status: "ok" },
        requestIds: [],
        topTitle: offers[0].title,
      });
      return { ...page(id, 1, offers), total: 40, hasMore: true };
    },
    search_more: ({ searchId }) => {
      if (!history.some((s) => s.id === searchId)) throw new BackendError({ kind: "store.not_found", message: `no search ${searchId}`, hint: null });
      return { ...page(searchId, 2, fakeOffers(12, 12)), total: 24, hasMore: false };
    },
    cancel_search: () => null,
    list_history: () => history,
    open_search: ({ id }) => {
      const summary = history.find((s) => s.id === id);
      if (!summary) throw new BackendError({ kind: "store.not_found", message: `no search ${id}`, hint: null });
      return { summary, phashHex: "0".repeat(16), offers: fakeOffers() };
    },
    delete_search: ({ id }) => {
      const i = history.findIndex((s) => s.id === id);
      if (i >= 0) history.splice(i, 1);
      return null;
    },
    list_profiles: () => [
      {
        id: "demo",
        label: "Demo catalog (local sandbox)",
        baseUrl: "http://127.0.0.1:0",
        active: true,
        credentials: { appKey: true, appSecret: true, accessToken: true, refreshToken: false },
      },
    ],
    set_credential: () => null,
    clear_credential: () => null,
    set_active_profile: () => null,
    set_profile_base_url: () => null,
    list_shortlists: () => lists.map((l) => ({ ...l, itemCount: items.filter((i) => i.shortlistId === l.id).length })),
    create_shortlist: ({ name }) => {
      const list = { id: lists.length + 1, name, notes: "", createdAtMs: Date.now(), updatedAtMs: Date.now(), itemCount: 0 };
      lists.push(list);
      return list;
    },
    add_to_shortlist: ({ list, item, note }) => {
      listById(list);
      if (item.kind !== "offer") throw new BackendError({ kind: "store.invalid", message: "fake adds offers only", hint: null });
      const offer = fakeOffers().find((o) => o.offerId === item.offerId) ?? fakeOffers()[0];
      const id = items.length + 1;
      items.push({
        id,
        shortlistId: list,
        position: items.filter((i) => i.shortlistId === list).length,
        note,
        addedAtMs: Date.now(),
        target: { kind: "offer", offer },
        priceWhenAdded: offer.price,
        moqWhenAdded: offer.moq,
        latestPrice: offer.price,
        latestMoq: offer.moq,
        latestSeenAtMs: Date.now(),
      });
      return id;
    },
    open_shortlist: ({ id }) => ({ shortlist: listById(id), items: items.filter((i) => i.shortlistId === id) }),
    remove_shortlist_item: ({ item }) => {
      const i = items.findIndex((x) => x.id === item);
      if (i >= 0) items.splice(i, 1);
      return null;
    },
    delete_shortlist: ({ id }) => {
      lists.splice(lists.findIndex((l) => l.id === id), 1);
      return null;
    },
  };
}

/** One recorded call, in the order the UI made them. */
export type FakeCall = { [K in CommandName]: { command: K; args: Args<K> } }[CommandName];

export type FakeBackend = Backend & {
  /** Every call so far, arguments as the UI passed them. */
  calls: FakeCall[];
  /** The recorded arguments of each call to `command`, oldest first. */
  argsOf<K extends CommandName>(command: K): Args<K>[];
  system: FakeSystem;
  /** Makes the next call to `command` fail with `error`, as the Rust side would. */
  failNext(command: CommandName, error: ErrorPayload): void;
};

export function createFakeBackend(overrides: Partial<FakeHandlers> = {}): FakeBackend {
  const system: FakeSystem = { clipboard: null, dialog: null };
  const handlers = { ...defaultHandlers(system), ...overrides } as FakeHandlers;
  const calls: FakeCall[] = [];
  const failures = new Map<CommandName, ErrorPayload>();
  return {
    calls,
    system,
    failNext(command, error) {
      failures.set(command, error);
    },
    argsOf<K extends CommandName>(command: K): Args<K>[] {
      return calls.filter((c) => c.command === command).map((c) => c.args as Args<K>);
    },
    async call<K extends CommandName>(command: K, args: Args<K>): Promise<Returns<K>> {
      // A copy, so a later change to an object the UI passed does not rewrite history.
      calls.push({ command, args: structuredClone(args) } as FakeCall);
      const failure = failures.get(command);
      if (failure) {
        failures.delete(command);
        throw new BackendError(failure);
      }
      const handler = handlers[command] as ((a: Args<K>) => Returns<K> | Promise<Returns<K>>) | undefined;
      if (!handler) throw new BackendError({ kind: "fake.unhandled", message: `no fake for ${command}`, hint: null });
      return handler(args);
    },
  };
}
