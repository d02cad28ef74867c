// The runes stores over the fake backend: what a view shows is in the store,
// so it survives the view; only the newest search changes it; preferences are
// remembered.
import { describe, expect, it, vi } from "vitest";
import { createFakeBackend } from "../backend/fake";
import type { LoadedPhoto } from "../backend";
import { AppState } from "./app.svelte";
import { PREFS_KEY, Prefs, type KeyValue } from "./prefs.svelte";

const PHOTO: LoadedPhoto = {
  photoId: 1,
  width: 400,
  height: 300,
  format: "png",
  suggestedCrop: { x: 50, y: 38, width: 300, height: 225 },
  preview: "data:image/png;base64,",
  candidates: [],
  source: { kind: "photo", width: 400, height: 300, format: "png" },
};

function memory(): KeyValue & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

function app() {
  const fake = createFakeBackend({ load_photo: () => PHOTO });
  return { fake, app: new AppState(fake, memory(), ["en-US"]) };
}

const waitFor = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 2000, interval: 1 });

describe("the search session", () => {
  it("keeps photo, crop, filters and offers while the buyer is elsewhere", async () => {
    const { app: state } = app();
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    expect(state.search.photo).toEqual(PHOTO);
    expect(state.search.shown?.offers).toHaveLength(12);
    state.search.form.priceMin = "12";
    state.go("history");
    state.go("search");
    expect(state.search.crop).toEqual(PHOTO.suggestedCrop);
    expect(state.search.form.priceMin).toBe("12");
    expect(state.search.shown?.offers).toHaveLength(12);
  });

  it("lets only the newest search change the offers", async () => {
    const { app: state, fake } = app();
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    fake.hold("search_photo", { stoppable: false });
    const older = state.search.search();
    state.search.setQuery({ ...state.search.query, filters: { ...state.search.query.filters, moqMax: 50 } });
    await waitFor(() => fake.waiting("search_photo") === 2);
    fake.release("search_photo", "newest");
    await waitFor(() => state.search.shown !== null);
    const newer = state.search.shown!.offers.map((o) => o.offerId);
    expect(newer.length).toBeLessThan(12);
    fake.release("search_photo", "oldest");
    await older;
    expect(state.search.shown!.offers.map((o) => o.offerId)).toEqual(newer);
  });

  it("says Stopped. when stopped, and the stopped answer never shows", async () => {
    const { app: state, fake } = app();
    fake.hold("search_photo");
    const run = state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    await waitFor(() => fake.waiting("search_photo") === 1);
    state.search.stop();
    await run;
    expect(state.search.status.kind).toBe("text");
    expect(state.search.shown).toBeNull();
    expect(state.search.running).toBeNull();
  });

  it("keeps the region 1688 searched with the results it answered, even if the crop changes while it runs", async () => {
    const { app: state, fake } = app();
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    // Inside the suggested crop {50,38,300,225}, in the photo's pixels.
    expect(state.search.shown?.searchedRegion).toEqual({ x: 80, y: 83, width: 180, height: 113 });
    fake.hold("search_photo");
    const run = state.search.search();
    await waitFor(() => fake.waiting("search_photo") === 1);
    state.search.setCrop({ x: 0, y: 0, width: 100, height: 100 });
    fake.release("search_photo");
    await run;
    expect(state.search.shown?.searchedRegion).toEqual({ x: 80, y: 83, width: 180, height: 113 });
  });

  it("keeps 1688's objects while a new search runs, takes the newest answer's, and drops them with the photo", async () => {
    const { app: state, fake } = app();
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    const first = state.search.objects;
    expect(first.searched).toEqual({ x: 80, y: 83, width: 180, height: 113 });
    expect(first.detected).toHaveLength(3);
    fake.hold("search_photo");
    state.search.setCrop(first.detected[1]);
    const run = state.search.search();
    await waitFor(() => fake.waiting("search_photo") === 1);
    expect(state.search.shown).toBeNull();
    expect(state.search.objects).toBe(first);
    fake.release("search_photo");
    await run;
    expect(state.search.objects.detected[0]).toEqual(state.search.objects.searched);
    expect(state.search.objects.detected[1].x).toBeGreaterThanOrEqual(first.detected[1].x);
    fake.hold("load_photo");
    const next = state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    await waitFor(() => fake.waiting("load_photo") === 1);
    expect(state.search.objects.detected).toHaveLength(3);
    fake.hold("search_photo");
    fake.release("load_photo");
    await waitFor(() => fake.waiting("search_photo") === 1);
    expect(state.search.objects).toEqual({ detected: [], searched: null, crop: null, regions: [] });
    fake.release("search_photo");
    await next;
  });

  it("searches a picked object of 1688's again in the same crop with its region, until the crop changes", async () => {
    const { app: state, fake } = app();
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    const first = fake.argsOf("search_photo")[0].request;
    const found = state.search.objects;
    expect(found.crop).toEqual(first.crop);
    state.search.setCrop({ x: 0, y: 0, width: 100, height: 100 }); // a crop drawn but not searched yet
    await state.search.searchObject(2);
    const sent = fake.argsOf("search_photo")[1].request;
    expect(sent.crop).toEqual(first.crop);
    expect(sent.query?.region).toEqual(found.regions[2]);
    expect(state.search.shown?.searchedRegion).toEqual(found.detected[2]);
    expect(state.search.crop).toEqual(first.crop);
    // Filters and Refresh search the same object; a new crop lets 1688 choose again.
    await state.search.search({ refresh: true });
    expect(fake.argsOf("search_photo")[2].request.query?.region).toEqual(found.regions[2]);
    state.search.setCrop({ x: 10, y: 10, width: 200, height: 150 });
    await state.search.search();
    expect(fake.argsOf("search_photo")[3].request.query?.region).toBeNull();
  });

  it("makes a picked object the crop when the answer did not say which region it is", async () => {
    const { app: state, fake } = app();
    fake.setHandler("search_photo", ({ request }) => ({
      searchId: 1,
      profile: "demo",
      offers: [],
      total: 0,
      hasMore: false,
      page: 1,
      seenBefore: [],
      filtersRemote: [],
      filtersLocal: [],
      sortRemote: true,
      filteredOut: 0,
      fromCache: false,
      picRegion: null,
      searchedRegion: null,
      detectedRegions: request.crop ? [{ x: 60, y: 50, width: 40, height: 30 }] : [],
      notSaved: null,
    }));
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    await state.search.searchObject(0);
    const sent = fake.argsOf("search_photo")[1].request;
    expect(sent.crop).toEqual({ x: 60, y: 50, width: 40, height: 30 });
    expect(sent.query?.region).toBeNull();
  });

  it("shows offers history could not save with why, through More, until the next search", async () => {
    const { app: state, fake } = app();
    fake.notSavedNext({ kind: "store.disk", message: "database or disk is full", hint: "Free some disk space." });
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    expect(state.search.shown?.offers).toHaveLength(12);
    expect(state.search.shown?.notSaved).toMatchObject({ kind: "store.disk", message: "database or disk is full" });
    expect(state.search.status.kind).toBe("text");
    await state.search.loadMore();
    expect(state.search.shown?.offers).toHaveLength(24);
    expect(state.search.shown?.notSaved?.kind).toBe("store.disk");
    await state.search.search({ refresh: true });
    expect(state.search.shown?.notSaved).toBeNull();
  });

  it("asks for today's calls again after each search and More, stopped ones too", async () => {
    const { app: state, fake } = app();
    const counted = () => fake.argsOf("count_calls").length;
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    await waitFor(() => state.quota.count?.used === 1);
    expect(counted()).toBe(1);
    await state.search.loadMore();
    await waitFor(() => state.quota.count?.used === 2);
    await state.search.search(); // the same photo and query: from the cache, no call
    await waitFor(() => counted() === 3);
    expect(state.quota.count).toMatchObject({ profile: "demo", used: 2, dailyQuota: null });
    fake.hold("search_photo");
    const run = state.search.search({ refresh: true });
    await waitFor(() => fake.waiting("search_photo") === 1);
    state.search.stop();
    await run;
    await waitFor(() => counted() === 4);
  });

  it("keeps the newest count only, and hides the meter when the count fails", async () => {
    const { app: state, fake } = app();
    fake.hold("count_calls");
    const older = state.quota.refresh();
    const newer = state.quota.refresh();
    await waitFor(() => fake.waiting("count_calls") === 2);
    fake.store.usage.demo = 8;
    fake.release("count_calls", "newest");
    await newer;
    fake.store.usage.demo = 7; // what the older ask answers, late
    fake.release("count_calls");
    await older;
    expect(state.quota.count?.used).toBe(8);
    fake.failNext("count_calls", { kind: "store.busy", message: "the database is busy", hint: null });
    await state.quota.refresh();
    expect(state.quota.count).toBeNull();
  });

  it("names its stage while the photo is read and while it is searched, and none after", async () => {
    const { app: state, fake } = app();
    fake.hold("load_photo");
    fake.hold("search_photo");
    const run = state.search.loadBytes(new Blob([new Uint8Array([1])]), "pasted");
    await waitFor(() => fake.waiting("load_photo") === 1);
    expect(state.search.stage).toEqual({ kind: "reading", from: "pasted" });
    fake.release("load_photo");
    await waitFor(() => fake.waiting("search_photo") === 1);
    expect(state.search.stage).toMatchObject({ kind: "searching", refresh: false, origin: "pasted", source: PHOTO.source });
    fake.release("search_photo");
    await run;
    expect(state.search.stage).toBeNull();
  });

  it("has no stage after a failed read or a stopped search", async () => {
    const { app: state, fake } = app();
    fake.failNext("load_photo", { kind: "photo.corrupt", message: "corrupt", hint: null });
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    expect(state.search.stage).toBeNull();
    fake.hold("search_photo");
    const run = state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    await waitFor(() => fake.waiting("search_photo") === 1);
    state.search.stop();
    expect(state.search.stage).toBeNull();
    await run;
    expect(state.search.stage).toBeNull();
  });

  it("moves the keyboard selection within the offers", async () => {
    const { app: state } = app();
    await state.search.loadBytes(new Blob([new Uint8Array([1])]), "dropped");
    state.search.move(1);
    expect(state.search.selected).toBe(0);
    state.search.move(-1);
    expect(state.search.selected).toBe(0);
    for (let i = 0; i < 20; i++) state.search.move(1);
    expect(state.search.selected).toBe(11);
  });
});

describe("the settings store", () => {
  it("asks for the profiles again until one is active (the demo joins once its gateway runs)", async () => {
    const fake = createFakeBackend();
    const all = await fake.call("list_profiles", {});
    let calls = 0;
    fake.setHandler("list_profiles", () => (++calls < 3 ? all.filter((p) => !p.active) : all));
    const state = new AppState(fake, memory(), ["en"]);
    await state.settings.untilActive();
    expect(calls).toBe(3);
    expect(state.settings.active?.id).toBe("demo");
  });
});

describe("preferences", () => {
  it("start from the system language and are remembered", () => {
    const storage = memory();
    const first = new Prefs(storage, ["zh-CN", "en"]);
    expect(first.locale).toBe("zh");
    expect(first.theme).toBe("system");
    first.setLocale("en");
    first.setTheme("dark");
    first.setLayout("grid");
    first.setLastList(3);
    const again = new Prefs(storage, ["zh-CN"]);
    expect([again.locale, again.theme, again.layout, again.lastList]).toEqual(["en", "dark", "grid", 3]);
  });
  it("fall back to defaults when the stored value is unreadable", () => {
    const storage = memory();
    storage.setItem(PREFS_KEY, "{not json");
    const prefs = new Prefs(storage, ["fr-FR"]);
    expect([prefs.locale, prefs.theme, prefs.layout]).toEqual(["en", "system", "list"]);
  });
});
