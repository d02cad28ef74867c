import { describe, expect, it, vi } from "vitest";
import { checkBaseUrl, createFakeBackend, fakeFormat, fakeRegionOnPhoto, fakeRegions, fakeRegionsFound } from "./fake";
import type { SearchQuery } from "./bindings";

const query = (filters: Partial<SearchQuery["filters"]> = {}, sort: SearchQuery["sort"] = "relevance"): SearchQuery => ({
  mode: "same",
  page: 1,
  pageSize: 0,
  filters: { priceMinFen: null, priceMaxFen: null, moqMax: null, freeShipping: false, dropshipOnly: false, minSimilarity: null, factoryOnly: false, ...filters },
  sort,
  weights: { similarity: 0.5, lowMoq: 0.3, inStock: 0.2 },
  lang: null,
  region: null,
});
/** Waits until the fake holds `n` calls of `command` (a polled condition with a deadline, not a sleep). */
const untilHeld = (fake: ReturnType<typeof createFakeBackend>, command: Parameters<typeof fake.waiting>[0], n: number) =>
  vi.waitFor(() => expect(fake.waiting(command)).toBe(n));

describe("createFakeBackend", () => {
  it("records every call with its arguments, in order", async () => {
    const fake = createFakeBackend();
    await fake.call("create_shortlist", { name: "Tees" });
    await fake.call("list_shortlists", {});
    expect(fake.calls).toEqual([
      { command: "create_shortlist", args: { name: "Tees" } },
      { command: "list_shortlists", args: {} },
    ]);
    expect(fake.argsOf("create_shortlist")).toEqual([{ name: "Tees" }]);
  });
  it("records a copy, so later changes to the caller's objects do not rewrite it", async () => {
    const fake = createFakeBackend();
    const crop = { x: 1, y: 2, width: 40, height: 40 };
    await fake.call("search_photo", { request: { photoId: 1, crop, query: null } });
    crop.x = 99;
    expect(fake.argsOf("search_photo")[0].request.crop).toEqual({ x: 1, y: 2, width: 40, height: 40 });
  });
  it("records failed calls too", async () => {
    const fake = createFakeBackend();
    await expect(fake.call("paste_photo", {})).rejects.toMatchObject({ kind: "clipboard.no_image" });
    expect(fake.calls.map((c) => c.command)).toEqual(["paste_photo"]);
  });
  it("answers Open… with null while the dialog is cancelled", async () => {
    const fake = createFakeBackend();
    expect(await fake.call("open_photo", {})).toBeNull();
  });
  it("fails the next call to a command when told to, once", async () => {
    const fake = createFakeBackend();
    fake.failNext("list_history", { kind: "store.busy", message: "the database is busy", hint: "Try again." });
    await expect(fake.call("list_history", { page: 0, pageSize: 5 })).rejects.toMatchObject({ kind: "store.busy", hint: "Try again." });
    expect(await fake.call("list_history", { page: 0, pageSize: 5 })).toEqual([]);
  });
  it("takes overrides", async () => {
    const fake = createFakeBackend({ app_info: () => ({ version: "9", dataDir: "/x", activeProfile: "p", demoUrl: null }) });
    expect((await fake.call("app_info", {})).version).toBe("9");
  });
});

describe("fake searches", () => {
  it("answers page 1 with more to come, and More with new offers until the catalog ends", async () => {
    const fake = createFakeBackend();
    const first = await fake.call("search_photo", { request: { photoId: 1, crop: null, query: null } });
    expect(first).toMatchObject({ page: 1, hasMore: true, total: 40, fromCache: false, filtersLocal: [], filtersRemote: [] });
    const seen = new Set(first.offers.map((o) => o.offerId));
    let last = first;
    while (last.hasMore) {
      last = await fake.call("search_more", { searchId: first.searchId });
      for (const o of last.offers) {
        expect(seen.has(o.offerId)).toBe(false);
        seen.add(o.offerId);
      }
    }
    expect(seen.size).toBe(40);
    expect(last.page).toBe(4);
  });
  it("filters MOQ locally and price remotely, and says so", async () => {
    const fake = createFakeBackend();
    const r = await fake.call("search_photo", { request: { photoId: 1, crop: null, query: query({ moqMax: 50, priceMaxFen: 2500 }) } });
    expect(r.filtersLocal).toEqual(["maxMoq"]);
    expect(r.filtersRemote).toEqual(["priceRange"]);
    expect(r.filteredOut).toBeGreaterThan(0);
    expect(r.offers.length + r.filteredOut).toBe(12);
    for (const o of r.offers) {
      expect(o.moq).toBeLessThanOrEqual(50);
      if (o.price) expect(o.price.minFen).toBeLessThanOrEqual(2500);
    }
  });
  it("sorts MOQ here, price at the provider", async () => {
    const fake = createFakeBackend();
    const byMoq = await fake.call("search_photo", { request: { photoId: 1, crop: null, query: query({}, "moq") } });
    expect(byMoq.sortRemote).toBe(false);
    const moqs = byMoq.offers.map((o) => o.moq ?? 0);
    expect(moqs).toEqual([...moqs].sort((a, b) => a - b));
    expect((await fake.call("search_photo", { request: { photoId: 1, crop: null, query: query({}, "priceAsc") } })).sortRemote).toBe(true);
  });
  it("answers a repeat from its cache unless asked to refresh", async () => {
    const fake = createFakeBackend();
    const request = { photoId: 1, crop: { x: 1, y: 1, width: 9, height: 9 }, query: query({ moqMax: 5 }) };
    expect((await fake.call("search_photo", { request })).fromCache).toBe(false);
    expect((await fake.call("search_photo", { request })).fromCache).toBe(true);
    expect((await fake.call("search_photo", { request: { ...request, refresh: true } })).fromCache).toBe(false);
    expect((await fake.call("search_photo", { request: { ...request, query: null } })).fromCache).toBe(false);
  });
  it("cannot continue a search it does not hold", async () => {
    await expect(createFakeBackend().call("search_more", { searchId: 9 })).rejects.toMatchObject({ kind: "search.gone" });
  });
  it("holds a search until released", async () => {
    const fake = createFakeBackend();
    fake.hold("search_photo");
    let done = false;
    const pending = fake.call("search_photo", { request: { photoId: 1, crop: null, query: null } }).then(() => (done = true));
    await untilHeld(fake, "search_photo", 1);
    expect(done).toBe(false);
    fake.release("search_photo");
    await pending;
    expect(fake.waiting("search_photo")).toBe(0);
    expect(await fake.call("list_history", { page: 0, pageSize: 5 })).toHaveLength(1);
  });
  it("cancel_search rejects the search in flight with search.cancelled, and records nothing", async () => {
    const fake = createFakeBackend();
    fake.hold("search_photo");
    const pending = fake.call("search_photo", { request: { photoId: 1, crop: null, query: null } });
    await untilHeld(fake, "search_photo", 1);
    expect(await fake.call("cancel_search", {})).toBeNull();
    await expect(pending).rejects.toMatchObject({ kind: "search.cancelled" });
    expect(fake.waiting("search_photo")).toBe(0);
    expect(await fake.call("list_history", { page: 0, pageSize: 5 })).toEqual([]);
  });
  it("a newer search cancels the older one", async () => {
    const fake = createFakeBackend();
    fake.hold("search_photo");
    const older = fake.call("search_photo", { request: { photoId: 1, crop: null, query: null } });
    const newer = fake.call("search_photo", { request: { photoId: 1, crop: null, query: query({ moqMax: 20 }) } });
    await expect(older).rejects.toMatchObject({ kind: "search.cancelled" });
    fake.release("search_photo");
    expect((await newer).filtersLocal).toEqual(["maxMoq"]);
  });
  it("a held answer already on its way arrives late, after a newer search", async () => {
    const fake = createFakeBackend();
    fake.hold("search_photo", { stoppable: false });
    const older = fake.call("search_photo", { request: { photoId: 1, crop: null, query: null } });
    const newer = fake.call("search_photo", { request: { photoId: 1, crop: null, query: query({ moqMax: 20 }) } });
    await untilHeld(fake, "search_photo", 2);
    fake.release("search_photo", "newest");
    expect((await newer).filtersLocal).toEqual(["maxMoq"]);
    fake.release("search_photo", "oldest");
    expect((await older).filtersLocal).toEqual([]);
  });
  it("shows a search history could not save, once, with a negative id that More still continues", async () => {
    const fake = createFakeBackend();
    const disk = { kind: "store.disk" as const, message: "database or disk is full", hint: null };
    fake.notSavedNext(disk);
    const unsaved = await fake.call("search_photo", { request: { photoId: 1, crop: null, query: null } });
    expect(unsaved.notSaved).toEqual(disk);
    expect(unsaved.offers).toHaveLength(12);
    expect(unsaved.searchId).toBeLessThan(0);
    expect(await fake.call("list_history", { page: 0, pageSize: 5 })).toEqual([]);
    const more = await fake.call("search_more", { searchId: unsaved.searchId });
    expect(more).toMatchObject({ page: 2, notSaved: null });
    expect(more.offers.some((o) => unsaved.offers.some((u) => u.offerId === o.offerId))).toBe(false);
    const saved = await fake.call("search_photo", { request: { photoId: 1, crop: null, query: null, refresh: true } });
    expect(saved.notSaved).toBeNull();
    expect(saved.searchId).toBe(1);
  });
  it("takes a replacement handler", async () => {
    const fake = createFakeBackend();
    fake.setHandler("cancel_search", () => {
      throw new Error("boom");
    });
    await expect(fake.call("cancel_search", {})).rejects.toThrow("boom");
  });
});

describe("fake gateway addresses", () => {
  it("checks base URLs like the Rust side", () => {
    expect(checkBaseUrl(" https://gw.open.1688.com/ ")).toBe("https://gw.open.1688.com");
    expect(checkBaseUrl("http://127.0.0.1:8688")).toBe("http://127.0.0.1:8688");
    expect(checkBaseUrl("http://proxy.local/1688")).toBe("http://proxy.local/1688");
    for (const bad of ["", "gw.open.1688.com", "ftp://x", "https://", "https://a b", "https://x?y=1", "https://user@x"]) {
      expect(() => checkBaseUrl(bad), bad).toThrow(/is not a usable base URL/);
    }
  });
  it("saves, rejects and resets a profile's address", async () => {
    const fake = createFakeBackend();
    const url = async () => (await fake.call("list_profiles", {})).find((p) => p.id === "1688-open")?.baseUrl;
    await fake.call("set_profile_base_url", { profile: "1688-open", url: "http://127.0.0.1:9000/" });
    expect(await url()).toBe("http://127.0.0.1:9000");
    await expect(fake.call("set_profile_base_url", { profile: "1688-open", url: "ftp://x" })).rejects.toMatchObject({
      kind: "profile.bad_url",
      hint: "Enter it as https://host[:port][/path], e.g. https://gw.open.1688.com.",
    });
    expect(await url()).toBe("http://127.0.0.1:9000");
    await fake.call("set_profile_base_url", { profile: "1688-open", url: null });
    expect(await url()).toBe("https://gw.open.1688.com");
    await expect(fake.call("set_profile_base_url", { profile: "demo", url: "http://x" })).rejects.toMatchObject({ kind: "profile.unknown" });
  });
});


describe("fake photo regions", () => {
  it("names the format by the bytes' signature", () => {
    expect(fakeFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
    expect(fakeFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d]))).toBe("png");
    expect(fakeFormat(new Uint8Array([1, 2, 3]))).toBe("other");
  });
  it("finds a candidate per picture in a wide PNG screenshot, best first and suggested", () => {
    const found = fakeRegions(1600, 1000, "png");
    expect(found.source).toEqual({ kind: "screenshot", width: 1600, height: 1000, format: "png" });
    expect(found.candidates.map((c) => c.crop)).toEqual([
      { x: 80, y: 150, width: 880, height: 700 },
      { x: 1024, y: 150, width: 224, height: 300 },
      { x: 1296, y: 150, width: 224, height: 300 },
      { x: 1024, y: 550, width: 224, height: 300 },
      { x: 1296, y: 550, width: 224, height: 300 },
    ]);
    expect(found.candidates.map((c) => c.score)).toEqual([...found.candidates.map((c) => c.score)].sort((a, b) => b - a));
    expect(found.suggestedCrop).toEqual(found.candidates[0].crop);
  });
  it("finds none in a photo and suggests its middle three quarters", () => {
    const found = fakeRegions(400, 300, "png");
    expect(found.candidates).toEqual([]);
    expect(found.source.kind).toBe("photo");
    expect(found.suggestedCrop).toEqual({ x: 50, y: 38, width: 300, height: 225 });
  });
});

describe("fake regions 1688 found", () => {
  it("puts the searched region and the detected objects inside the crop, in photo pixels", () => {
    const crop = { x: 80, y: 150, width: 880, height: 700 };
    const found = fakeRegionsFound(crop);
    expect(found.searchedRegion).toEqual({ x: 168, y: 290, width: 528, height: 350 });
    expect(found.detectedRegions[0]).toEqual(found.searchedRegion);
    expect(found.detectedRegions).toHaveLength(3);
    for (const b of found.detectedRegions) {
      expect(b.x).toBeGreaterThanOrEqual(crop.x);
      expect(b.y).toBeGreaterThanOrEqual(crop.y);
      expect(b.x + b.width).toBeLessThanOrEqual(crop.x + crop.width);
      expect(b.y + b.height).toBeLessThanOrEqual(crop.y + crop.height);
    }
  });
  it("comes with the search's first page, for the crop sent or the whole photo loaded last, and says history saved it", async () => {
    const fake = createFakeBackend();
    const crop = { x: 50, y: 38, width: 300, height: 225 };
    const got = await fake.call("search_photo", { request: { photoId: 1, crop, query: query() } });
    expect(got.searchedRegion).toEqual({ x: 80, y: 83, width: 180, height: 113 });
    expect(got.notSaved).toBeNull();
    const more = await fake.call("search_more", { searchId: got.searchId });
    expect(more).toMatchObject({ searchedRegion: null, detectedRegions: [], notSaved: null });
    const whole = await fake.call("search_photo", { request: { photoId: 1, crop: null, query: query() } });
    expect(whole.searchedRegion).toBeNull(); // no photo was loaded through the fake
    expect(whole.detectedRegions).toEqual([]);
  });
  it("gives 1688's regions in the prepared image's pixels, each detected one mapped in order onto the photo", () => {
    const crop = { x: 50, y: 38, width: 300, height: 225 };
    const found = fakeRegionsFound(crop);
    expect(found.picRegion?.current).toEqual({ x: 68, y: 98, width: 360, height: 226 });
    expect(found.picRegion?.detected).toHaveLength(3);
    expect(found.picRegion?.detected.map((d) => fakeRegionOnPhoto(d, crop))).toEqual(found.detectedRegions);
    expect(fakeRegionOnPhoto({ x: 0, y: 0, width: 6, height: 6 }, crop), "all in the margin").toBeNull();
  });
  it("searches the region asked for in the same crop, for one call", async () => {
    const fake = createFakeBackend();
    const crop = { x: 50, y: 38, width: 300, height: 225 };
    const first = await fake.call("search_photo", { request: { photoId: 1, crop, query: query() } });
    const pick = first.picRegion!.detected[2];
    const before = fake.store.usage["demo"];
    const got = await fake.call("search_photo", { request: { photoId: 1, crop, query: { ...query(), region: pick } } });
    expect(fake.store.usage["demo"]).toBe(before + 1);
    expect(got.fromCache).toBe(false);
    expect(got.picRegion?.current).toEqual(pick);
    expect(got.searchedRegion).toEqual(first.detectedRegions[2]);
    expect(got.detectedRegions).toEqual(first.detectedRegions);
  });
});
