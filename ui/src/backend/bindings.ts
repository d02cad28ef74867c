// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p zhaohuo bindings`.
// Do not edit by hand; the test command fails when this file is stale.

export type AppInfo = { version: string, 
/**
 * Folder holding the database and logs.
 */
dataDir: string, 
/**
 * The profile searches go to.
 */
activeProfile: string, 
/**
 * Loopback URL of the demo gateway, when it runs.
 */
demoUrl: string | null, };
export type CallCount = { profile: string, 
/**
 * `yyyy-mm-dd` on 1688's calendar (GMT+8): the day the count resets after.
 */
day: string, used: number, 
/**
 * Calls a day the buyer's API package allows, when the profile says.
 */
dailyQuota: number | null, };
export type Check = { "status": "ok" } | { "status": "failed", kind: Kind, 
/**
 * The provider's own code (`gw.APIACLDecline`, `401`, …).
 */
code: string | null, httpStatus: number | null, requestId: string | null, } | { "status": "unknown" } | { "status": "notOffered" };
export type ConnectionReport = { profile: string, reachable: Check, signature: Check, token: Check, imageSearch: Check, keywordSearch: Check, offerDetails: Check, 
/**
 * API calls the test made (counted against the day's quota like any).
 */
calls: number, };
export type CredentialInput = { profile: string, field: SecretField, value: string, };
export type CredentialStatus = { appKey: boolean, appSecret: boolean, accessToken: boolean, refreshToken: boolean, };
export type CropBox = { x: number, y: number, width: number, height: number, };
export type ErrorPayload = { kind: Kind, message: string, hint: string | null, };
export type ExportDone = { rows: number, 
/**
 * The file's name (not its folder: the webview is told no paths).
 */
fileName: string, };
export type ExportFormat = "csv" | "xlsx" | "json";
export type FilterKey = "priceRange" | "maxMoq" | "freeShipping" | "dropshipOnly" | "minSimilarity" | "factoryOnly";
export type HistoryTextHits = { 
/**
 * Searches with an offer whose title or supplier matches, newest first.
 */
searches: Array<SearchSummary>, 
/**
 * Shortlists and items whose name or notes match.
 */
notes: Array<NoteHit>, };
export type ItemId = number;
export type ItemRef = { "kind": "offer", profile: string, offerId: string, } | { "kind": "supplier", profile: string, supplierId: string | null, name: string, };
export type ItemTarget = { "kind": "offer", offer: Offer, } | { "kind": "supplier", profile: string, supplier: Supplier, };
export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;
export type Kind = "photo.unsupported_format" | "photo.too_large" | "photo.corrupt" | "photo.invalid_crop" | "photo.cannot_fit" | "photo.invalid_spec" | "photo.encode_failed" | "photo.gone" | "provider.bad_credentials" | "provider.signature_invalid" | "provider.clock_skew" | "provider.permission_denied" | "provider.api_unsupported" | "provider.ip_not_whitelisted" | "provider.token_expired" | "provider.rate_limited" | "provider.quota_exhausted" | "provider.image_rejected" | "provider.bad_request" | "provider.server_error" | "provider.timeout" | "provider.network" | "provider.malformed_response" | "provider.invalid_profile" | "provider.reply_too_large" | "provider.insecure_url" | "provider.redirected" | "provider.invalid_query" | "provider.sign_in_expired" | "provider.usage_exhausted" | "store.database" | "store.open" | "store.corrupt" | "store.too_new" | "store.busy" | "store.disk" | "store.migration" | "store.not_found" | "store.invalid" | "store.secret_in_settings" | "store.worker" | "secrets.no_native_store" | "secrets.unavailable" | "secrets.locked" | "secrets.not_set" | "secrets.rejected" | "secrets.corrupt" | "secrets.ambiguous" | "secrets.invalid_profile" | "secrets.empty" | "sandbox.bind_failed" | "sandbox.credentials_unreadable" | "sandbox.credentials_invalid" | "sandbox.start" | "search.cancelled" | "search.gone" | "profile.unknown" | "profile.bad_url" | "profile.missing_credential" | "link.not_offer_page" | "link.bad_address" | "link.not_https" | "link.private_address" | "link.too_many_redirects" | "link.too_large" | "link.not_an_image" | "link.timeout" | "link.http_status" | "link.unreachable" | "export.write" | "export.encode" | "signin.not_supported" | "signin.not_started" | "signin.state_mismatch" | "signin.state_stale" | "signin.no_code" | "signin.denied" | "signin.listener" | "signin.cancelled" | "internal" | "ipc.bad_body" | "clipboard.no_image" | "file.not_local" | "file.unreadable" | "os.open_failed";
export type LoadedPhoto = { photoId: number, 
/**
 * Size after EXIF orientation: the crop box's coordinate space.
 */
width: number, height: number, 
/**
 * What the content turned out to be (`jpeg`, `png`, …).
 */
format: string, 
/**
 * The product as the app guesses it: the best of `candidates`, else the whole photo.
 */
suggestedCrop: CropBox, 
/**
 * Where products may be (the pictures in a screenshot, each tile of a grid, the
 * product in a photo), best first; the UI offers each as a box to search.
 */
candidates: Array<RegionCandidate>, 
/**
 * What the picture is, for the status line ("screenshot 1366 × 768").
 */
source: SourceDescription, 
/**
 * `data:image/jpeg;base64,…` of the oriented photo, at most 1024 px a side.
 */
preview: string, };
export type NoteHit = { shortlistId: ShortlistId, shortlistName: string, 
/**
 * `None` when the shortlist itself matched.
 */
itemId: ItemId | null, text: string, };
export type Offer = { 
/**
 * Provider profile id that returned it (`1688-open`, `demo`, …).
 */
profile: string, offerId: string, title: string, 
/**
 * Translated title when the provider gives one.
 */
titleTranslated: string | null, imageUrl: string | null, 
/**
 * `https://detail.1688.com/offer/{offerId}.html` unless the provider gives another.
 */
detailUrl: string, price: PriceRange | null, 
/**
 * Minimum order quantity (起批量).
 */
moq: number | null, unit: string | null, supplier: Supplier, shipping: Shipping | null, 
/**
 * 0.0–1.0 when the provider scores matches; `None` for rank-only families.
 */
similarity: number | null, 
/**
 * 1-based position in the provider's answer.
 */
rank: number, monthSold: number | null, 
/**
 * 现货 (in stock) / 定制 (made to order), as the provider words it.
 */
supplyType: string | null, 
/**
 * One piece can be dropshipped (一件代发), when the provider says.
 */
dropship: boolean | null, 
/**
 * Share of buyers who ordered again, 0.0–1.0, when the provider says.
 */
repurchaseRate: number | null, 
/**
 * The provider's item exactly as received (kept in the store; fields the
 * model has no place for are still there).
 */
raw: unknown, };
export type PhotoFormat = "jpeg" | "png" | "webp" | "gif" | "bmp" | "tiff" | "pasted" | "other";
export type PhotoKind = "screenshot" | "photo";
export type PicRegion = { current: CropBox | null, detected: Array<CropBox>, currentRaw: string | null, detectedRaw: Array<string>, };
export type PriceRange = { minFen: number, maxFen: number, };
export type ProfileView = { id: string, label: string, baseUrl: string, active: boolean, credentials: CredentialStatus, };
export type RegionCandidate = { crop: CropBox, 
/**
 * How likely this is the product meant, 0–1 (candidates come best first).
 */
score: number, kind: RegionKind, };
export type RegionKind = "picture" | "subject";
export type SearchDetail = { summary: SearchSummary, 
/**
 * Perceptual hash as 16 hex digits (JavaScript numbers cannot hold 64 bits).
 */
phashHex: string, 
/**
 * In the provider's order, with rank, similarity, price and MOQ as they
 * were in this search; the rest is the latest known.
 */
offers: Array<Offer>, };
export type SearchFilters = { priceMinFen: number | null, priceMaxFen: number | null, moqMax: number | null, freeShipping: boolean, dropshipOnly: boolean, 
/**
 * 0.0–1.0.
 */
minSimilarity: number | null, factoryOnly: boolean, };
export type SearchId = number;
export type SearchMode = "same" | "similar";
export type SearchOutcome = { "status": "ok" } | { "status": "error", kind: string, };
export type SearchQuery = { mode: SearchMode, 
/**
 * 1-based page of `page_size` offers.
 */
page: number, 
/**
 * `0` means the profile's default.
 */
pageSize: number, filters: SearchFilters, sort: SortKey, weights: SupplyWeights, 
/**
 * Result language (`en`, `zh`, `ru`); the profile default when `None`.
 */
lang: string | null, 
/**
 * The part of the photo holding the product, in prepared-image pixels.
 */
region: CropBox | null, };
export type SearchRequest = { photoId: number, 
/**
 * In the oriented photo's pixels; the whole photo when absent.
 */
crop: CropBox | null, 
/**
 * Mode, filters and sort; the profile's defaults when absent.
 */
query: SearchQuery | null, 
/**
 * Ask the provider even when the same photo and query were answered recently.
 */
refresh?: boolean, };
export type SearchResult = { searchId: SearchId, profile: string, 
/**
 * This page's offers; on "more" pages, only offers not shown before.
 */
offers: Array<Offer>, total: number | null, hasMore: boolean, 
/**
 * 1-based page of the provider's answer these offers come from.
 */
page: number, 
/**
 * Earlier searches of a similar-looking photo.
 */
seenBefore: Array<SeenBefore>, 
/**
 * Filters the provider applied itself.
 */
filtersRemote: Array<FilterKey>, 
/**
 * Filters Zhaohuo applied to the provider's answer, because the API cannot.
 */
filtersLocal: Array<FilterKey>, 
/**
 * Whether the provider sorted (otherwise Zhaohuo did).
 */
sortRemote: boolean, 
/**
 * Offers the local filters removed from this page.
 */
filteredOut: number, 
/**
 * Answered from the local response cache: no API call, no quota used.
 */
fromCache: boolean, 
/**
 * The part of the uploaded photo the provider searched and the parts it
 * detected (1688's `picRegionInfo`), in the prepared image's pixels, as sent.
 */
picRegion: PicRegion | null, 
/**
 * `pic_region.current` on the buyer's photo (oriented pixels): draw it over the photo.
 */
searchedRegion: CropBox | null, 
/**
 * The other objects the provider detected, on the buyer's photo: each can be searched.
 */
detectedRegions: Array<CropBox>, 
/**
 * The offers are real but could not be saved to history (e.g. the disk is
 * full); shown with the results, and "More results" still works.
 */
notSaved: ErrorPayload | null, };
export type SearchSummary = { id: SearchId, createdAtMs: number, profile: string, mode: string, filters: JsonValue, sort: string | null, crop: CropBox | null, photoSha256: string, 
/**
 * `data:image/…;base64,…`, ready for an `<img src>`.
 */
thumbnailDataUrl: string | null, resultCount: number, outcome: SearchOutcome, requestIds: Array<string>, 
/**
 * Title of the best match, as a caption.
 */
topTitle: string | null, };
export type SecretField = "appKey" | "appSecret" | "accessToken" | "refreshToken" | "accessTokenExpiresAt" | "refreshTokenExpiresAt";
export type SeenBefore = { search: SearchSummary, 
/**
 * Hamming distance between the perceptual hashes (0 = same picture).
 */
distance: number, };
export type Shipping = { "kind": "free" } | { "kind": "paid" } | { "kind": "fee", fen: number, };
export type Shortlist = { id: ShortlistId, name: string, notes: string, createdAtMs: number, updatedAtMs: number, itemCount: number, };
export type ShortlistDetail = { shortlist: Shortlist, items: Array<ShortlistItem>, };
export type ShortlistId = number;
export type ShortlistItem = { id: ItemId, shortlistId: ShortlistId, 
/**
 * 0-based place in the list.
 */
position: number, note: string, addedAtMs: number, target: ItemTarget, priceWhenAdded: PriceRange | null, moqWhenAdded: number | null, latestPrice: PriceRange | null, latestMoq: number | null, 
/**
 * When the latest price was seen (the newest search that returned it).
 */
latestSeenAtMs: number | null, };
export type SignInRedirect = { "kind": "loopback", 
/**
 * [`DEFAULT_LOOPBACK_PORT`] when absent; 0 lets the OS choose (tests).
 */
port: number | null, } | { "kind": "manual", redirectUri: string, };
export type SignInStart = { profile: string, 
/**
 * Open this in the browser.
 */
authorizeUrl: string, redirectUri: string, 
/**
 * The loopback port waited on, for a loopback redirect.
 */
port: number | null, };
export type SignInState = "signedOut" | "signedIn" | "expired" | "pastedToken";
export type SignInStatus = { profile: string, state: SignInState, memberId: string | null, 
/**
 * When the access token ends (milliseconds since the epoch).
 */
accessExpiresAtMs: number | null, 
/**
 * When the sign-in itself (the refresh token) ends.
 */
refreshExpiresAtMs: number | null, 
/**
 * The loopback port of a sign-in under way.
 */
pendingPort: number | null, };
export type SortKey = "relevance" | "priceAsc" | "priceDesc" | "sales" | "moq" | "supplyChain";
export type SourceDescription = { kind: PhotoKind, 
/**
 * Size after EXIF orientation.
 */
width: number, height: number, format: PhotoFormat, };
export type Supplier = { id: string | null, name: string, city: string | null, badges: Array<string>, creditLevel: string | null, };
export type SupplyWeights = { similarity: number, lowMoq: number, inStock: number, };

/** Every IPC command: its arguments and what it resolves to. */
export interface Commands {
  app_info: { args: {  }; returns: AppInfo };
  open_offer_page: { args: { url: string }; returns: null };
  load_photo: { args: { body: Uint8Array }; returns: LoadedPhoto };
  paste_photo: { args: {  }; returns: LoadedPhoto };
  open_photo: { args: {  }; returns: LoadedPhoto | null };
  load_photo_url: { args: { url: string }; returns: LoadedPhoto };
  search_photo: { args: { request: SearchRequest }; returns: SearchResult };
  search_more: { args: { searchId: SearchId }; returns: SearchResult };
  cancel_search: { args: {  }; returns: null };
  count_calls: { args: {  }; returns: CallCount };
  export_search: { args: { id: SearchId; format: ExportFormat }; returns: ExportDone | null };
  export_shortlist: { args: { id: ShortlistId; format: ExportFormat }; returns: ExportDone | null };
  list_history: { args: { page: number; pageSize: number }; returns: Array<SearchSummary> };
  find_in_history: { args: { text: string }; returns: HistoryTextHits };
  open_search: { args: { id: SearchId }; returns: SearchDetail };
  delete_search: { args: { id: SearchId }; returns: null };
  list_profiles: { args: {  }; returns: Array<ProfileView> };
  set_credential: { args: { input: CredentialInput }; returns: null };
  clear_credential: { args: { profile: string; field: SecretField }; returns: null };
  set_active_profile: { args: { id: string }; returns: null };
  set_profile_base_url: { args: { profile: string; url: string | null }; returns: null };
  sign_in_url: { args: { profile: string; redirect: SignInRedirect }; returns: SignInStart };
  finish_sign_in: { args: { profile: string; pasted: string | null }; returns: SignInStatus };
  cancel_sign_in: { args: { profile: string }; returns: null };
  sign_out: { args: { profile: string }; returns: null };
  sign_in_status: { args: { profile: string }; returns: SignInStatus };
  test_connection: { args: { profile: string }; returns: ConnectionReport };
  list_shortlists: { args: {  }; returns: Array<Shortlist> };
  create_shortlist: { args: { name: string }; returns: Shortlist };
  add_to_shortlist: { args: { list: ShortlistId; item: ItemRef; note: string }; returns: ItemId };
  open_shortlist: { args: { id: ShortlistId }; returns: ShortlistDetail };
  rename_shortlist: { args: { id: ShortlistId; name: string }; returns: null };
  set_shortlist_notes: { args: { id: ShortlistId; notes: string }; returns: null };
  set_item_note: { args: { item: ItemId; note: string }; returns: null };
  move_shortlist_item: { args: { item: ItemId; to: ShortlistId }; returns: null };
  remove_shortlist_item: { args: { item: ItemId }; returns: null };
  delete_shortlist: { args: { id: ShortlistId }; returns: null };
}
