// An in-memory backend for browser and unit tests: same interface, no Rust.
// It answers like the real app would, over a tiny fixed catalog. It records
// every call (command and arguments) so tests can assert what the UI asked
// for, and stands in for the desktop: `system.clipboard` is what Rust would
// read from the system clipboard, `system.dialog` the file the buyer picks in
// the Open… dialog (null: they cancel). Searches behave like the shell's: one
// in flight at a time (a newer one, or `cancel_search`, rejects the older with
// `search.cancelled`), and tests can `hold` a command to keep its call pending.
import type { Args, Backend, CommandName, Returns } from "./index";
import { BackendError } from "./index";
import type {
  CropBox,
  ErrorPayload,
  FilterKey,
  LoadedPhoto,
  Offer,
  PhotoFormat,
  ProfileView,
  RegionCandidate,
  SearchFilters,
  SearchQuery,
  SearchResult,
  SearchSummary,
  Shortlist,
  ShortlistItem,
  SignInRedirect,
  SignInStatus,
} from "./bindings";

export type FakeHandlers = { [K in CommandName]: (args: Args<K>) => Returns<K> | Promise<Returns<K>> };

/** Offers in the shapes providers give: ranges, single prices, none; scored and rank-only; free, paid or unknown shipping; factory badges or none. */
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
    supplier: {
      id: `s${i}`,
      name: `义乌市服饰有限公司 ${i}`,
      city: i % 2 ? "义乌" : "广州",
      badges: i % 4 === 0 ? ["源头工厂"] : i % 4 === 2 ? ["诚信通"] : [],
      creditLevel: null,
    },
    shipping: i % 2 ? { kind: "free" } : i % 4 === 0 ? { kind: "fee", fen: 800 } : null,
    similarity: i < 6 ? 0.97 - i * 0.03 : null,
    rank: i + 1,
    monthSold: 100 * i,
    supplyType: "现货",
    dropship: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
    repurchaseRate: i % 2 ? 0.3 : null,
    raw: { fake: true, index: i },
  }));
}

function dataUrl(bytes: Uint8Array, type: string): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:${type};base64,${btoa(binary)}`;
}

/** The format of image bytes by their signature, as Rust's sniffing names it. */
export function fakeFormat(bytes: Uint8Array): PhotoFormat {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "png";
  if (starts(0x47, 0x49, 0x46)) return "gif";
  if (starts(0x42, 0x4d)) return "bmp";
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === "WEBP") return "webp";
  return "other";
}

/**
 * Where a product shot of a shop page puts its pictures, as fractions of the
 * screen: the main picture on the left (best), four tiles on the right.
 * `makeScreenshot` in e2e/browser/photos.mjs draws its pictures exactly here.
 */
export const FAKE_SCREENSHOT_TILES = [
  { x: 0.05, y: 0.15, width: 0.55, height: 0.7, score: 0.9 },
  { x: 0.64, y: 0.15, width: 0.14, height: 0.3, score: 0.7 },
  { x: 0.81, y: 0.15, width: 0.14, height: 0.3, score: 0.6 },
  { x: 0.64, y: 0.55, width: 0.14, height: 0.3, score: 0.5 },
  { x: 0.81, y: 0.55, width: 0.14, height: 0.3, score: 0.4 },
];

/**
 * What the fake "finds" in a picture: a PNG at least 1000 px wide and wider
 * than tall is a screenshot of a shop page, with a candidate per picture
 * (best first) and the best suggested; anything else is a photo with no
 * candidates and the middle three quarters suggested.
 */
export function fakeRegions(width: number, height: number, format: PhotoFormat): Pick<LoadedPhoto, "suggestedCrop" | "candidates" | "source"> {
  const screenshot = format === "png" && width >= 1000 && width > height;
  const candidates: RegionCandidate[] = screenshot
    ? FAKE_SCREENSHOT_TILES.map((t) => ({
        crop: { x: Math.round(t.x * width), y: Math.round(t.y * height), width: Math.round(t.width * width), height: Math.round(t.height * height) },
        score: t.score,
        kind: "picture",
      }))
    : [];
  return {
    suggestedCrop: candidates[0]?.crop ?? {
      x: Math.round(width / 8),
      y: Math.round(height / 8),
      width: Math.round((width * 3) / 4),
      height: Math.round((height * 3) / 4),
    },
    candidates,
    source: { kind: screenshot ? "screenshot" : "photo", width, height, format },
  };
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
  const format = fakeFormat(bytes);
  return {
    photoId: 1,
    width,
    height,
    format,
    preview: dataUrl(bytes, format === "jpeg" ? "image/jpeg" : "image/png"),
    ...fakeRegions(width, height, format),
  };
}

/** What the desktop holds for the commands that read it on the Rust side. */
export type FakeSystem = {
  /** Image bytes on the system clipboard; null when it holds no image. */
  clipboard: Uint8Array | null;
  /** Bytes of the file picked in the Open… dialog; null when the buyer cancels. */
  dialog: Uint8Array | null;
  /** The internet as `load_photo_url` sees it: picture bytes by address (an address not here answers 404). */
  web: Record<string, Uint8Array>;
};

/** What the fake's store holds that tests may change: today's API calls of each profile, and a save about to fail. */
export type FakeStore = {
  /** Profile id → API calls today (1688's day); searches answered by the provider add to it. */
  usage: Record<string, number>;
  /** Profile id → calls a day its plan allows; none by default, as for the built-in demo and 1688 profiles. */
  quotas: Record<string, number>;
  /**
   * The error history's next save of a search meets (a full disk), once: that
   * search's offers still come, with it as `notSaved` and a negative id that
   * is no history row, and More still continues it. Null: history saves.
   */
  saveError: ErrorPayload | null;
};

/** Today on 1688's calendar (GMT+8), `yyyy-mm-dd`, as `zhaohuo_providers::china::today`. */
export function chinaDay(nowMs = Date.now()): string {
  return new Date(nowMs + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The fake provider's whole answer for any photo, and its page size. */
const CATALOG_SIZE = 40;
const PAGE_SIZE = 12;

const DEFAULT_QUERY: SearchQuery = {
  mode: "same",
  page: 1,
  pageSize: 0,
  filters: { priceMinFen: null, priceMaxFen: null, moqMax: null, freeShipping: false, dropshipOnly: false, minSimilarity: null, factoryOnly: false },
  sort: "relevance",
  weights: { similarity: 0.5, lowMoq: 0.3, inStock: 0.2 },
  lang: null,
  region: null,
};

/** Filters the fake provider applies itself; the others run "locally", as the shell does for a real API. */
const REMOTE_FILTERS: FilterKey[] = ["priceRange", "dropshipOnly"];

function activeFilters(f: SearchFilters): FilterKey[] {
  const on: FilterKey[] = [];
  if (f.priceMinFen !== null || f.priceMaxFen !== null) on.push("priceRange");
  if (f.moqMax !== null) on.push("maxMoq");
  if (f.freeShipping) on.push("freeShipping");
  if (f.dropshipOnly) on.push("dropshipOnly");
  if (f.minSimilarity !== null) on.push("minSimilarity");
  if (f.factoryOnly) on.push("factoryOnly");
  return on;
}

/** As `zhaohuo_providers::local::passes`: an offer is dropped only when it is known to miss. */
function passesRemote(o: Offer, f: SearchFilters): boolean {
  if (!o.price) return true;
  if (f.priceMinFen !== null && o.price.maxFen < f.priceMinFen) return false;
  if (f.priceMaxFen !== null && o.price.minFen > f.priceMaxFen) return false;
  return true;
}

function passesLocal(o: Offer, f: SearchFilters): boolean {
  if (f.moqMax !== null && o.moq !== null && o.moq > f.moqMax) return false;
  if (f.freeShipping && o.shipping && o.shipping.kind !== "free") return false;
  if (f.minSimilarity !== null && o.similarity !== null && o.similarity < f.minSimilarity) return false;
  const badges = o.supplier.badges;
  if (f.factoryOnly && badges.length > 0 && !badges.some((b) => b.includes("工厂") || /factory/i.test(b))) return false;
  return true;
}

type Answer = Omit<SearchResult, "searchId" | "profile" | "page" | "seenBefore" | "fromCache" | "searchedRegion" | "detectedRegions" | "notSaved">;

/** One page of the fake provider's answer to `query`, without offers in `seen` (which it extends). */
function answer(query: SearchQuery, pageNo: number, seen: Set<string>): Answer {
  const f = query.filters;
  const byPrice = (o: Offer) => o.price?.minFen ?? Number.MAX_SAFE_INTEGER;
  const all = fakeOffers(CATALOG_SIZE).filter((o) => passesRemote(o, f));
  if (query.sort === "priceAsc") all.sort((a, b) => byPrice(a) - byPrice(b));
  if (query.sort === "priceDesc") all.sort((a, b) => (b.price?.minFen ?? -1) - (a.price?.minFen ?? -1));
  if (query.sort === "sales") all.sort((a, b) => (b.monthSold ?? 0) - (a.monthSold ?? 0));
  const size = query.pageSize || PAGE_SIZE;
  const slice = all.slice((pageNo - 1) * size, pageNo * size);
  const kept = slice.filter((o) => passesLocal(o, f));
  const offers = kept.filter((o) => !seen.has(o.offerId));
  for (const o of offers) seen.add(o.offerId);
  // MOQ and supply-chain order are not something the fake provider does: sorted "here".
  const sortRemote = query.sort !== "moq" && query.sort !== "supplyChain";
  if (query.sort === "moq") offers.sort((a, b) => (a.moq ?? Infinity) - (b.moq ?? Infinity));
  if (query.sort === "supplyChain") offers.sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0));
  const active = activeFilters(f);
  return {
    offers,
    total: all.length,
    hasMore: pageNo * size < all.length,
    filtersRemote: active.filter((k) => REMOTE_FILTERS.includes(k)),
    filtersLocal: active.filter((k) => !REMOTE_FILTERS.includes(k)),
    sortRemote,
    filteredOut: slice.length - kept.length,
    picRegion: null,
  };
}

/** What the fake's 1688 says about the regions of an upload: its `picRegion` (prepared-image pixels) and the shell's `searchedRegion` and `detectedRegions` (photo pixels). */
export type FakeRegionsFound = Pick<SearchResult, "picRegion" | "searchedRegion" | "detectedRegions">;

/** The fake's prepared image of an upload: the crop at twice its size inside an 8 px margin, so its pixels are visibly not the photo's. */
const PREPARED_SCALE = 2;
const PREPARED_MARGIN = 8;

/** `box` on the photo (inside `crop`) in the prepared image's pixels. */
function toPrepared(box: CropBox, crop: CropBox): CropBox {
  const at = (v: number, origin: number) => (v - origin) * PREPARED_SCALE + PREPARED_MARGIN;
  return { x: at(box.x, crop.x), y: at(box.y, crop.y), width: box.width * PREPARED_SCALE, height: box.height * PREPARED_SCALE };
}

/** As `PreparedPhoto::region_on_photo`: a region in the prepared image's pixels on the photo, clipped to the crop; null when none of it is. */
export function fakeRegionOnPhoto(region: CropBox, crop: CropBox): CropBox | null {
  const map = (v: number, origin: number, len: number) => {
    const inside = Math.min(Math.max(v - PREPARED_MARGIN, 0), len * PREPARED_SCALE);
    return origin + Math.min(Math.round(inside / PREPARED_SCALE), len);
  };
  const x0 = map(region.x, crop.x, crop.width);
  const y0 = map(region.y, crop.y, crop.height);
  const x1 = map(region.x + region.width, crop.x, crop.width);
  const y1 = map(region.y + region.height, crop.y, crop.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/**
 * Where 1688 searched in an upload of `crop` and what else it found there:
 * detected the way 1688's `yoloCropRegion` lists them, the middle of the crop
 * (10 % to 70 % across, 20 % to 70 % down) first, then two objects down the
 * crop's right edge; it searched the middle, or `region` (prepared-image
 * pixels, `query.region`) when asked for one. `picRegion` is in the prepared
 * image's pixels; `searchedRegion` and `detectedRegions` are those mapped onto
 * the photo as the shell does (`detectedRegions[i]` is `picRegion.detected[i]`).
 * None without a crop.
 */
export function fakeRegionsFound(crop: CropBox | null, region: CropBox | null = null): FakeRegionsFound {
  if (!crop) return { picRegion: null, searchedRegion: null, detectedRegions: [] };
  const part = (x0: number, x1: number, y0: number, y1: number): CropBox => {
    const left = Math.round(crop.x + crop.width * x0);
    const top = Math.round(crop.y + crop.height * y0);
    return { x: left, y: top, width: Math.round(crop.x + crop.width * x1) - left, height: Math.round(crop.y + crop.height * y1) - top };
  };
  const detected = [part(0.1, 0.7, 0.2, 0.7), part(0.74, 0.96, 0.1, 0.45), part(0.74, 0.96, 0.55, 0.9)].map((b) => toPrepared(b, crop));
  const current = region ?? detected[0];
  return {
    picRegion: { current, detected, currentRaw: null, detectedRaw: [] },
    searchedRegion: fakeRegionOnPhoto(current, crop),
    detectedRegions: detected.map((d) => fakeRegionOnPhoto(d, crop)).filter((d): d is CropBox => d !== null),
  };
}

/** As `zhaohuo_core::profiles::check_base_url`: `http(s)://host[:port][/path]`, tidied. */
export function checkBaseUrl(input: string): string {
  const url = input.trim().replace(/\/+$/, "");
  const rest = url.startsWith("https://") ? url.slice(8) : url.startsWith("http://") ? url.slice(7) : null;
  const host = rest?.split("/")[0] ?? "";
  const ok = host !== "" && !/[?# @]/.test(url) && /^[A-Za-z0-9.\-:[\]]+$/.test(host);
  if (ok) return url;
  throw new BackendError({
    kind: "profile.bad_url",
    message: `${JSON.stringify([...url].slice(0, 80).join(""))} is not a usable base URL`,
    hint: "Enter it as https://host[:port][/path], e.g. https://gw.open.1688.com.",
  });
}

/** As `zhaohuo_core::links::web_url`: an http(s) address with a host, no spaces, user or password. */
function isWebUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * As `parse_pasted` in `zhaohuo_core::signin`: the code in a pasted redirect address (or its query),
 * or the pasted text itself when it is a bare code; null when there is none.
 */
export function pastedCode(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (t.includes("?") || t.includes("code=") || t.includes("error=")) {
    const query = t.includes("?") ? t.slice(t.indexOf("?") + 1) : t;
    return new URLSearchParams(query.split("#")[0]).get("code") || null;
  }
  return /[\s/]/.test(t) ? null : t;
}

/** The built-in profiles' own gateways (what Reset goes back to). */
const DEFAULT_BASE_URLS: Record<string, string> = { "1688-open": "https://gw.open.1688.com" };

export function defaultHandlers(system: FakeSystem = { clipboard: null, dialog: null, web: {} }, store: FakeStore = { usage: {}, quotas: {}, saveError: null }): FakeHandlers {
  const history: SearchSummary[] = [];
  /** The profile searches go to. */
  const active = () => profiles.find((p) => p.active)?.id ?? "demo";
  /** Counts `n` API calls of `profile`, as the shell does for every call that reached the gateway. */
  const spend = (profile: string, n = 1) => {
    store.usage[profile] = (store.usage[profile] ?? 0) + n;
  };
  /** The response cache: profile, photo, crop and query of each provider answer (the store keeps six hours; the fake, forever). */
  const answered = new Set<string>();
  /** What "More results" continues: each search's query, last page and offers shown. */
  const sessions = new Map<number, { profile: string; query: SearchQuery; page: number; seen: Set<string> }>();
  /** The id the next search history cannot save gets: -1, -2, … like the shell's `unsaved_id`. */
  let nextUnsaved = -1;
  const profiles: ProfileView[] = [
    {
      id: "demo",
      label: "Demo catalog (local sandbox)",
      baseUrl: "http://127.0.0.1:0",
      active: true,
      credentials: { appKey: true, appSecret: true, accessToken: true, refreshToken: false },
    },
    {
      id: "1688-open",
      label: "1688 Open Platform (AOP image search)",
      baseUrl: DEFAULT_BASE_URLS["1688-open"],
      active: false,
      credentials: { appKey: false, appSecret: false, accessToken: false, refreshToken: false },
    },
  ];
  // Shortlists as the store keeps them (crates/store/src/shortlists.rs):
  // names trimmed and 1–200 characters, most recently changed list first,
  // items in `position` order, ids never reused.
  // The 1688-open profile's sign-in as `App::sign_in_status` words it: signed
  // out until a sign-in finishes (through the loopback listener or pasted).
  const DAY = 24 * 3600 * 1000;
  let signIn: SignInStatus = {
    profile: "1688-open",
    state: "signedOut",
    memberId: null,
    accessExpiresAtMs: null,
    refreshExpiresAtMs: null,
    pendingPort: null,
  };
  let signInPending = false;
  /**
   * Where the sign-in under way was told the browser comes back (as `sign_in_url` got it): a loopback
   * one is finished by the fake "browser" returning (`finish_sign_in` with nothing pasted, which a
   * test holds to make the buyer wait), a manual one only by a pasted code or address.
   */
  let signInRedirect: SignInRedirect | null = null;
  /** Whether a sign-in ended while the loopback wait was on: that wait then ends `signin.cancelled`, as in Rust. */
  let signInEnded = false;
  const signInProfile = (profile: string) => {
    if (profile !== "1688-open") {
      throw new BackendError({
        kind: "signin.not_supported",
        message: `the profile ${profile} does not sign in with 1688 (only 1688 Open Platform profiles do)`,
        hint: "Choose the 1688 Open Platform profile to sign in.",
      });
    }
  };
  const signedIn = (): SignInStatus => {
    const now = Date.now();
    signInPending = false;
    signInEnded = true;
    signInRedirect = null;
    signIn = { ...signIn, state: "signedIn", memberId: "b2b-fake-buyer", accessExpiresAtMs: now + DAY, refreshExpiresAtMs: now + 180 * DAY, pendingPort: null };
    return signIn;
  };
  /** The size of the photo loaded last (the fake's photos are all id 1): what a search without a crop uploads. */
  let photoSize: { width: number; height: number } | null = null;
  const loaded = (photo: LoadedPhoto) => {
    photoSize = { width: photo.width, height: photo.height };
    return photo;
  };
  const lists: Shortlist[] = [];
  const items: ShortlistItem[] = [];
  let nextListId = 1;
  let nextItemId = 1;
  const notFound = (what: string) =>
    new BackendError({ kind: "store.not_found", message: `${what} was not found`, hint: "It may have been deleted; refresh the list." });
  const listById = (id: number) => {
    const list = lists.find((l) => l.id === id);
    if (!list) throw notFound(`shortlist ${id}`);
    return list;
  };
  const itemById = (id: number) => {
    const item = items.find((i) => i.id === id);
    if (!item) throw notFound(`shortlist item ${id}`);
    return item;
  };
  const itemsOf = (id: number) => items.filter((i) => i.shortlistId === id).sort((a, b) => a.position - b.position || a.id - b.id);
  const withCount = (l: Shortlist): Shortlist => ({ ...l, itemCount: itemsOf(l.id).length });
  const touch = (id: number) => {
    // Strictly later, so "most recently changed first" holds within one millisecond too.
    const list = listById(id);
    list.updatedAtMs = Math.max(Date.now(), list.updatedAtMs + 1);
  };
  const cleanName = (name: string) => {
    const clean = name.trim();
    if (clean === "" || [...clean].length > 200) {
      // The store's `StoreError::Invalid` message. (Its hint is None in Rust today; the fake gives one.)
      throw new BackendError({
        kind: "store.invalid",
        message: "invalid input: a shortlist name must have 1–200 characters",
        hint: "Correct the value as the message says and try again.",
      });
    }
    return clean;
  };
  return {
    app_info: () => ({ version: "0.0.0-fake", dataDir: "/tmp/zhaohuo-fake", activeProfile: active(), demoUrl: null }),
    // Like Rust: only https pages on 1688.com are opened.
    open_offer_page: ({ url }) => {
      const host = /^https:\/\/([^/?#]+)/.exec(url)?.[1] ?? "";
      if (!(host === "1688.com" || host.endsWith(".1688.com")) || !/^[a-z0-9.-]+$/i.test(host)) {
        throw new BackendError({ kind: "link.not_offer_page", message: `"${url}" is not a 1688 offer page`, hint: "Zhaohuo only opens https pages on 1688.com." });
      }
      return null;
    },
    load_photo: async ({ body }) => loaded(await fakeLoad(body)),
    paste_photo: () => {
      if (!system.clipboard) {
        // The same kind, message and hint as the shell's `CommandError::NoClipboardImage`.
        throw new BackendError({
          kind: "clipboard.no_image",
          message: "the clipboard holds no image",
          hint: "Copy an image or take a screenshot, then paste again.",
        });
      }
      return fakeLoad(system.clipboard).then(loaded);
    },
    open_photo: async () => (system.dialog ? loaded(await fakeLoad(system.dialog)) : null),
    // As `zhaohuo_core::photo_link`: a web address, https only, then the picture at it.
    load_photo_url: async ({ url }: { url: string }) => {
      const link = url.trim();
      if (!isWebUrl(link)) {
        throw new BackendError({ kind: "link.bad_address", message: `"${link.slice(0, 80)}" is not a web address`, hint: "Paste the picture's https address." });
      }
      if (!link.startsWith("https://")) {
        throw new BackendError({ kind: "link.not_https", message: `${link.slice(0, 80)} is not an https address`, hint: "Paste the picture's https address." });
      }
      const bytes = system.web[link];
      if (!bytes) throw new BackendError({ kind: "link.http_status", message: `${link.slice(0, 80)} answered HTTP 404`, hint: "Open the link in the browser." });
      return loaded(await fakeLoad(bytes));
    },
    search_photo: ({ request }) => {
      const query = request.query ?? DEFAULT_QUERY;
      const key = JSON.stringify([active(), request.photoId, request.crop, query]);
      const fromCache = answered.has(key) && !request.refresh;
      answered.add(key);
      if (!fromCache) spend(active());
      const seen = new Set<string>();
      // A region asked for is searched in the same upload: still one call.
      const got = { ...answer(query, 1, seen), ...fakeRegionsFound(request.crop ?? (photoSize && { x: 0, y: 0, ...photoSize }), query.region) };
      // Offers that cost a call are shown even when history cannot take them.
      const notSaved = store.saveError;
      store.saveError = null;
      const id = notSaved ? nextUnsaved-- : history.length + 1;
      if (!notSaved) {
        history.unshift({
          id,
          createdAtMs: Date.now(),
          profile: active(),
          mode: query.mode,
          filters: { ...query.filters },
          sort: query.sort,
          crop: request.crop,
          photoSha256: "0".repeat(64),
          thumbnailDataUrl: null,
          resultCount: got.total ?? got.offers.length,
          outcome: { status: "ok" },
          requestIds: [],
          topTitle: got.offers[0]?.title ?? null,
        });
      }
      sessions.set(id, { profile: active(), query, page: 1, seen });
      return { ...got, notSaved, searchId: id, profile: active(), page: 1, seenBefore: [], fromCache };
    },
    search_more: ({ searchId }) => {
      const session = sessions.get(searchId);
      if (!session) {
        throw new BackendError({
          kind: "search.gone",
          message: `search ${searchId} can no longer be continued`,
          hint: "Search the photo again to get more results.",
        });
      }
      session.page += 1;
      spend(session.profile);
      const got = answer(session.query, session.page, session.seen);
      // 1688 describes the upload with its first page only.
      return { ...got, searchedRegion: null, detectedRegions: [], notSaved: null, searchId, profile: session.profile, page: session.page, seenBefore: [], fromCache: false };
    },
    cancel_search: () => null,
    count_calls: () => ({ profile: active(), day: chinaDay(), used: store.usage[active()] ?? 0, dailyQuota: store.quotas[active()] ?? null }),
    list_history: () => history,
    // Like the store's index: a case-insensitive match on the top title.
    find_in_history: ({ text }) => ({
      searches: history.filter((s) => (s.topTitle ?? "").toLowerCase().includes(text.toLowerCase())),
      notes: [],
    }),
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
    list_profiles: () => profiles.map((p) => ({ ...p, credentials: { ...p.credentials } })),
    set_credential: () => null,
    clear_credential: () => null,
    set_active_profile: ({ id }) => {
      if (!profiles.some((p) => p.id === id)) {
        throw new BackendError({ kind: "profile.unknown", message: `there is no provider profile called ${JSON.stringify(id)}`, hint: "Pick a profile in Settings." });
      }
      for (const p of profiles) p.active = p.id === id;
      return null;
    },
    set_profile_base_url: ({ profile, url }) => {
      const p = profiles.find((x) => x.id === profile && x.id !== "demo");
      if (!p) {
        const why = profile === "demo" ? `${profile} (the demo gateway's address is fixed)` : profile;
        throw new BackendError({ kind: "profile.unknown", message: `there is no provider profile called ${JSON.stringify(why)}`, hint: "Pick a profile in Settings." });
      }
      p.baseUrl = url === null ? DEFAULT_BASE_URLS[p.id] : checkBaseUrl(url);
      return null;
    },
    // As `App::sign_in_url`: a loopback redirect listens on its port (17688 when none is named,
    // one the OS picks for 0); a manual one must be an http(s) address and listens nowhere.
    sign_in_url: ({ profile, redirect }) => {
      signInProfile(profile);
      const authorize = (uri: string) => `https://auth.1688.com/oauth/authorize?client_id=fake&site=1688&redirect_uri=${encodeURIComponent(uri)}&state=fake`;
      if (redirect.kind === "manual") {
        const uri = redirect.redirectUri.trim();
        if (!isWebUrl(uri)) throw new BackendError({ kind: "profile.bad_url", message: `${JSON.stringify(uri.slice(0, 80))} is not a usable base URL`, hint: null });
        signInPending = true;
        signInEnded = false;
        signInRedirect = { kind: "manual", redirectUri: uri };
        signIn = { ...signIn, pendingPort: null };
        return { profile, authorizeUrl: authorize(uri), redirectUri: uri, port: null };
      }
      const port = redirect.port === null ? 17688 : redirect.port === 0 ? 49152 : redirect.port;
      const uri = `http://127.0.0.1:${port}/callback`;
      signInPending = true;
      signInEnded = false;
      signInRedirect = { kind: "loopback", port };
      signIn = { ...signIn, pendingPort: port };
      return { profile, authorizeUrl: authorize(uri), redirectUri: uri, port };
    },
    // The browser "comes back" to a loopback listener at once; a test that wants to wait holds the command.
    finish_sign_in: ({ profile, pasted }) => {
      signInProfile(profile);
      if (!signInPending && pasted === null && signInEnded) throw new BackendError({ kind: "signin.cancelled", message: "the sign-in was cancelled", hint: null });
      if (!signInPending) throw new BackendError({ kind: "signin.not_started", message: `no sign-in is under way for ${profile}`, hint: null });
      // No listener waits for a manual redirect: only a paste finishes it.
      if (pasted === null && signInRedirect?.kind === "manual") throw new BackendError({ kind: "signin.not_started", message: `no sign-in is under way for ${profile}`, hint: null });
      if (pasted !== null && pastedCode(pasted) === null) throw new BackendError({ kind: "signin.no_code", message: "the redirect carries no code", hint: null });
      return signedIn();
    },
    cancel_sign_in: () => {
      signInEnded = signInPending;
      signInPending = false;
      signInRedirect = null;
      signIn = { ...signIn, pendingPort: null };
      return null;
    },
    sign_out: ({ profile }) => {
      signInPending = false;
      if (profile === "1688-open") signIn = { ...signIn, state: "signedOut", memberId: null, accessExpiresAtMs: null, refreshExpiresAtMs: null, pendingPort: null };
      return null;
    },
    sign_in_status: ({ profile }) => {
      signInProfile(profile);
      return { ...signIn };
    },
    // What a signed-in app without the keyword-search grant sees; its calls count like any.
    test_connection: ({ profile }) => {
      spend(profile, 3);
      return {
        profile,
        reachable: { status: "ok" },
        signature: { status: "ok" },
        token: signIn.state === "signedIn" ? { status: "ok" } : { status: "unknown" },
        imageSearch: { status: "ok" },
        keywordSearch: { status: "failed", kind: "provider.permission_denied", code: "gw.APIACLDecline", httpStatus: 401, requestId: "fake-req-1" },
        offerDetails: { status: "notOffered" },
        calls: 3,
      };
    },
    list_shortlists: () =>
      [...lists].sort((a, b) => b.updatedAtMs - a.updatedAtMs || b.id - a.id).map(withCount),
    create_shortlist: ({ name }) => {
      const now = Date.now();
      const list = { id: nextListId++, name: cleanName(name), notes: "", createdAtMs: now, updatedAtMs: now, itemCount: 0 };
      lists.push(list);
      return { ...list };
    },
    add_to_shortlist: ({ list, item, note }) => {
      listById(list);
      if (item.kind !== "offer") throw new BackendError({ kind: "store.invalid", message: "fake adds offers only", hint: null });
      const offer = fakeOffers().find((o) => o.offerId === item.offerId) ?? fakeOffers()[0];
      const id = nextItemId++;
      const last = itemsOf(list).at(-1);
      items.push({
        id,
        shortlistId: list,
        position: last ? last.position + 1 : 0,
        note,
        addedAtMs: Date.now(),
        target: { kind: "offer", offer },
        priceWhenAdded: offer.price,
        moqWhenAdded: offer.moq,
        latestPrice: offer.price,
        latestMoq: offer.moq,
        latestSeenAtMs: Date.now(),
      });
      touch(list);
      return id;
    },
    // Copies, so the UI cannot change the fake's lists by changing what it got.
    open_shortlist: ({ id }) => ({ shortlist: withCount(listById(id)), items: itemsOf(id).map((i) => ({ ...i })) }),
    rename_shortlist: ({ id, name }) => {
      const list = listById(id);
      list.name = cleanName(name);
      touch(id);
      return null;
    },
    set_shortlist_notes: ({ id, notes }) => {
      listById(id).notes = notes;
      touch(id);
      return null;
    },
    set_item_note: ({ item, note }) => {
      const found = itemById(item);
      found.note = note;
      touch(found.shortlistId);
      return null;
    },
    // Like `App::move_shortlist_item`: to the end of `to`; both lists renumbered and touched.
    move_shortlist_item: ({ item, to }) => {
      const found = itemById(item);
      listById(to);
      const from = found.shortlistId;
      const order = itemsOf(to).filter((i) => i.id !== item);
      order.push(found);
      found.shortlistId = to;
      order.forEach((i, k) => (i.position = k));
      itemsOf(from).forEach((i, k) => (i.position = k));
      touch(to);
      if (from !== to) touch(from);
      return null;
    },
    remove_shortlist_item: ({ item }) => {
      const found = itemById(item);
      items.splice(items.indexOf(found), 1);
      touch(found.shortlistId);
      return null;
    },
    // The store deletes the list's items with it (ON DELETE CASCADE).
    delete_shortlist: ({ id }) => {
      lists.splice(lists.indexOf(listById(id)), 1);
      for (let k = items.length - 1; k >= 0; k--) if (items[k].shortlistId === id) items.splice(k, 1);
      return null;
    },
    // As `zhaohuo_core::export` behind Rust's Save dialog: the buyer always saves under the suggested name.
    export_search: ({ id, format }) => {
      const found = history.find((h) => h.id === id);
      if (!found) throw new BackendError({ kind: "store.not_found", message: `search ${id} not found`, hint: null });
      return { rows: found.resultCount, fileName: `zhaohuo-search-${id}.${format}` };
    },
    export_shortlist: ({ id, format }) => {
      const rows = items.filter((i) => i.shortlistId === id && i.target.kind === "offer").length;
      listById(id);
      return { rows, fileName: `zhaohuo-list-${id}.${format}` };
    },
  };
}

/** One recorded call, in the order the UI made them. */
export type FakeCall = { [K in CommandName]: { command: K; args: Args<K> } }[CommandName];

/** Which held call(s) `release` lets go on. */
export type ReleaseWhich = "all" | "oldest" | "newest";

export type HoldOptions = {
  /**
   * true (the default): the call waits like a search waiting on the provider,
   * so a newer search or `cancel_search` rejects it with `search.cancelled`.
   * false: its answer is already on its way and still arrives, late, after a
   * newer search began (the shell cancels only while waiting on the provider).
   */
  stoppable?: boolean;
};

export type FakeBackend = Backend & {
  /** Every call so far, arguments as the UI passed them. */
  calls: FakeCall[];
  /** The recorded arguments of each call to `command`, oldest first. */
  argsOf<K extends CommandName>(command: K): Args<K>[];
  system: FakeSystem;
  /** The store's counts tests may read or set (`store.usage["demo"] = 449`, `store.quotas["demo"] = 500`). */
  store: FakeStore;
  /** Makes the next search's save to history fail with `error` (a full disk): its offers come with `notSaved`. */
  notSavedNext(error: ErrorPayload): void;
  /** Makes the next call to `command` fail with `error`, as the Rust side would. */
  failNext(command: CommandName, error: ErrorPayload): void;
  /** From now on, calls to `command` stay pending until released. */
  hold(command: CommandName, options?: HoldOptions): void;
  /** Lets held calls to `command` go on; "all" also stops holding new ones. */
  release(command: CommandName, which?: ReleaseWhich): void;
  /** How many calls to `command` are held right now. */
  waiting(command: CommandName): number;
  /** Replaces how `command` is answered (e.g. a provider that repeats an offer). */
  setHandler<K extends CommandName>(command: K, handler: FakeHandlers[K]): void;
  /** The fake catalog's offers, for replacement handlers. */
  offers: typeof fakeOffers;
};

/** The commands that are one search in flight: a newer one (or `cancel_search`) stops the older. */
const SEARCHES = new Set<CommandName>(["search_photo", "search_more"]);

const cancelled = () => new BackendError({ kind: "search.cancelled", message: "the search was cancelled", hint: null });

type Flight = { stopped: boolean; onStop: (() => void)[] };
type Waiter = { command: CommandName; go: () => void };

export function createFakeBackend(overrides: Partial<FakeHandlers> = {}): FakeBackend {
  const system: FakeSystem = { clipboard: null, dialog: null, web: {} };
  const store: FakeStore = { usage: {}, quotas: {}, saveError: null };
  const handlers = { ...defaultHandlers(system, store), ...overrides } as FakeHandlers;
  const calls: FakeCall[] = [];
  const failures = new Map<CommandName, ErrorPayload>();
  const holds = new Map<CommandName, HoldOptions>();
  const waiters: Waiter[] = [];
  let flight: Flight | null = null;

  const stopFlight = () => {
    const stopping = flight;
    flight = null;
    if (!stopping) return;
    stopping.stopped = true;
    for (const stop of stopping.onStop) stop();
  };
  const drop = (w: Waiter) => {
    const i = waiters.indexOf(w);
    if (i >= 0) waiters.splice(i, 1);
  };
  /** Waits until released; a stop of `mine` (when given) rejects instead. */
  const waitHeld = (command: CommandName, mine: Flight | null) =>
    new Promise<void>((resolve, reject) => {
      const w: Waiter = { command, go: resolve };
      waiters.push(w);
      mine?.onStop.push(() => {
        drop(w);
        reject(cancelled());
      });
    });

  return {
    calls,
    system,
    store,
    offers: fakeOffers,
    failNext(command, error) {
      failures.set(command, error);
    },
    notSavedNext(error) {
      store.saveError = error;
    },
    argsOf<K extends CommandName>(command: K): Args<K>[] {
      return calls.filter((c) => c.command === command).map((c) => c.args as Args<K>);
    },
    hold(command, options = {}) {
      holds.set(command, { stoppable: options.stoppable ?? true });
    },
    release(command, which = "all") {
      const mine = waiters.filter((w) => w.command === command);
      if (which === "all") holds.delete(command);
      const chosen = which === "all" ? mine : which === "oldest" ? mine.slice(0, 1) : mine.slice(-1);
      for (const w of chosen) {
        drop(w);
        w.go();
      }
    },
    waiting(command) {
      return waiters.filter((w) => w.command === command).length;
    },
    setHandler(command, handler) {
      (handlers as Record<CommandName, unknown>)[command] = handler;
    },
    async call<K extends CommandName>(command: K, args: Args<K>): Promise<Returns<K>> {
      // A copy, so a later change to an object the UI passed does not rewrite history.
      calls.push({ command, args: structuredClone(args) } as FakeCall);
      if (command === "cancel_search") stopFlight();
      let mine: Flight | null = null;
      if (SEARCHES.has(command)) {
        stopFlight(); // the shell's `Searches::begin`: the newer search wins
        mine = { stopped: false, onStop: [] };
        flight = mine;
      }
      try {
        const failure = failures.get(command);
        if (failure) {
          failures.delete(command);
          throw new BackendError(failure);
        }
        const hold = holds.get(command);
        const late = hold?.stoppable === false;
        if (hold) await waitHeld(command, late ? null : mine);
        if (mine?.stopped && !late) throw cancelled();
        const handler = handlers[command] as ((a: Args<K>) => Returns<K> | Promise<Returns<K>>) | undefined;
        if (!handler) throw new BackendError({ kind: "fake.unhandled", message: `no fake for ${command}`, hint: null });
        return await handler(args);
      } finally {
        if (flight === mine) flight = null;
      }
    },
  };
}
