// The window as a whole in Chromium over the fake backend: a place keeps its
// state while the buyer looks elsewhere, the keyboard does what the `?`
// overlay says, the offer panel, the first-start samples and the list/grid
// choice. Each test starts from a fresh page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf, dropFile } from "./photos.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const offerIds = () => page.$$eval("[data-testid=offer]", (els) => els.map((e) => e.dataset.offerId));
const waitCalls = (command, n) => page.waitForFunction(([c, n]) => window.zhaohuoFake.argsOf(c).length === n, [command, n]);

async function searchPhoto() {
  await dropFile(page, "[data-testid=dropzone]");
  await page.getByTestId("offer").first().waitFor();
}

test("Search shows the same photo, crop, filters and offers after a visit to History and Settings", async () => {
  await searchPhoto();
  await page.getByTestId("filter-moq").fill("50");
  await page.getByTestId("filter-moq").press("Enter");
  await waitCalls("search_photo", 2);
  await page.getByTestId("filter-note").waitFor();
  await page.getByTestId("more-results").click().catch(() => {}); // may be gone when filtered
  const before = { ids: await offerIds(), crop: await page.getByTestId("crop-box").getAttribute("style"), status: await page.getByTestId("search-status").innerText() };

  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-item").first().waitFor();
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("profiles").waitFor();
  await page.getByTestId("nav-search").click();

  await page.getByTestId("photo-image").waitFor();
  assert.deepEqual(await offerIds(), before.ids, "the same offers");
  assert.equal(await page.getByTestId("crop-box").getAttribute("style"), before.crop, "the same crop");
  assert.equal(await page.getByTestId("filter-moq").inputValue(), "50", "the same filters");
  assert.equal(await page.getByTestId("search-status").innerText(), before.status);
  assert.match(await page.getByTestId("search-note").innerText(), /max MOQ/);
  assert.equal((await callsOf(page, "search_photo")).length, 2, "coming back does not search again");
});

test("History keeps its find text and the opened search on return", async () => {
  await searchPhoto();
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-item").first().click();
  await page.getByTestId("history-detail").getByTestId("offer").first().waitFor();
  await page.getByTestId("history-find").fill("纯棉");
  await waitCalls("find_in_history", 1);
  await page.getByTestId("nav-search").click();
  await page.getByTestId("nav-history").click();
  assert.equal(await page.getByTestId("history-find").inputValue(), "纯棉");
  await page.getByTestId("history-detail").getByTestId("offer").first().waitFor();
  assert.equal(await page.getByTestId("history-detail").getByTestId("offer").count(), 12);
});

test("the keyboard: arrows select offers, Enter opens the panel, Esc closes it, S adds to the last-used list", async () => {
  await searchPhoto();
  // Keep the first offer on a new list: that list becomes the last used.
  await page.getByTestId("offer").first().getByTestId("shortlist-picker").selectOption("new");
  await page.getByTestId("offer").first().locator("option", { hasText: "★ On Shortlist 1" }).waitFor({ state: "attached" });
  await page.locator("body").click({ position: { x: 600, y: 20 } });

  await page.keyboard.press("ArrowDown");
  const first = page.getByTestId("offer").first();
  assert.equal(await first.getAttribute("aria-current"), "true");
  assert.ok(await first.evaluate((el) => el === document.activeElement), "focus follows the selection");
  await page.keyboard.press("ArrowDown");
  const second = page.getByTestId("offer").nth(1);
  assert.equal(await second.getAttribute("aria-current"), "true");
  assert.equal(await first.getAttribute("aria-current"), null);

  await page.keyboard.press("s");
  await waitCalls("add_to_shortlist", 2);
  const [kept, added] = await callsOf(page, "add_to_shortlist");
  assert.equal(added.list, kept.list, "the same list as last time");
  assert.equal(added.item.offerId, "610000000001");
  await second.locator("option", { hasText: "★ On Shortlist 1" }).waitFor({ state: "attached" });
  assert.match(await page.getByTestId("search-status").innerText(), /Added to Shortlist 1/);

  await page.keyboard.press("Enter");
  const panel = page.getByTestId("offer-panel");
  await panel.waitFor();
  assert.match(await panel.getByTestId("panel-fields").innerText(), /610000000001/);
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("offer").count(), 12, "Esc closed the panel only");
});

test("? lists the shortcuts, Esc closes the list; Ctrl+O opens a photo from any place", async () => {
  await page.locator("body").click({ position: { x: 600, y: 20 } });
  await page.keyboard.press("?");
  const overlay = page.getByTestId("shortcuts");
  await overlay.waitFor();
  assert.match(await overlay.innerText(), /Paste a photo/);
  assert.match(await overlay.innerText(), /last-used shortlist/);
  await page.keyboard.press("Escape");
  await overlay.waitFor({ state: "detached" });

  await page.evaluate(async () => (window.zhaohuoFake.system.dialog = await window.makePng()));
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("profiles").waitFor();
  await page.keyboard.press("Control+O");
  await page.getByTestId("offer").first().waitFor();
  assert.equal(await page.getByTestId("nav-search").getAttribute("aria-current"), "page");
  assert.equal((await callsOf(page, "open_photo")).length, 1);
});

test("Esc stops a search in flight; Enter searches again", async () => {
  await page.evaluate(() => window.zhaohuoFake.hold("search_photo"));
  await dropFile(page, "[data-testid=dropzone]");
  await page.waitForFunction(() => window.zhaohuoFake.waiting("search_photo") === 1);
  await page.locator("body").click({ position: { x: 600, y: 20 } });
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => document.querySelector("[data-testid=search-status]").textContent === "Stopped.");
  assert.equal((await callsOf(page, "cancel_search")).length, 1);
  await page.evaluate(() => window.zhaohuoFake.release("search_photo"));
  await page.keyboard.press("Enter");
  await page.getByTestId("offer").first().waitFor();
  assert.equal((await callsOf(page, "search_photo")).length, 2);
});

test("the offer panel shows every field and the raw item, opens the 1688 page and copies the link", async () => {
  await searchPhoto();
  await page.getByTestId("offer").nth(1).getByTestId("offer-details").click();
  const panel = page.getByTestId("offer-panel");
  await panel.waitFor();
  const fields = await panel.getByTestId("panel-fields").innerText();
  for (const text of ["纯棉短袖T恤 款2", "Cotton T-shirt style 2", "610000000001", "demo", "¥13.50", "MOQ 10 件", "Free shipping", "94% match", "100", "30%", "现货", "no", "义乌市服饰有限公司 1", "义乌"]) {
    assert.ok(fields.includes(text), `${text} in ${fields}`);
  }
  assert.equal(await panel.getByTestId("panel-link").innerText(), "https://detail.1688.com/offer/610000000001.html");
  await panel.getByTestId("panel-raw").locator("summary").click();
  assert.deepEqual(JSON.parse(await panel.locator("pre").innerText()), { fake: true, index: 1 });

  await panel.getByTestId("panel-open").click();
  await waitCalls("open_offer_page", 1);
  assert.deepEqual((await callsOf(page, "open_offer_page"))[0], { url: "https://detail.1688.com/offer/610000000001.html" });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
  await panel.getByTestId("panel-copy").click();
  await panel.getByTestId("notice").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "https://detail.1688.com/offer/610000000001.html");
  await panel.getByTestId("panel-close").click();
  await panel.waitFor({ state: "detached" });
});

test("a new buyer can try a bundled sample photo with one click, and sees which profile is active", async () => {
  const samples = page.getByTestId("sample");
  assert.equal(await samples.count(), 4);
  await page.getByTestId("active-profile").waitFor();
  assert.match(await page.getByTestId("active-profile").innerText(), /Demo catalog — connect your 1688 app in Settings/);
  await samples.nth(2).click();
  await page.getByTestId("photo-image").waitFor();
  await page.getByTestId("offer").first().waitFor();
  const [load] = await callsOf(page, "load_photo");
  assert.ok(load.body > 1000, "the sample's JPEG bytes went to load_photo");
  assert.equal(await samples.count(), 0, "the samples make way for the photo");
});

test("offers as a grid or a list, the choice remembered across a restart", async () => {
  await searchPhoto();
  assert.equal(await page.getByTestId("offer-list").getAttribute("class"), "offers");
  await page.getByTestId("layout-grid").click();
  assert.match(await page.getByTestId("offer-list").getAttribute("class"), /grid/);
  const [a, b] = await page.$$eval("[data-testid=offer]", (els) => els.slice(0, 2).map((e) => e.getBoundingClientRect().top));
  assert.equal(a, b, "two offers side by side");
  await page.reload();
  await page.getByTestId("dropzone").waitFor();
  await searchPhoto();
  assert.match(await page.getByTestId("offer-list").getAttribute("class"), /grid/);
  assert.equal(await page.getByTestId("layout-grid").getAttribute("aria-pressed"), "true");
  await page.getByTestId("layout-list").click();
  assert.equal(await page.getByTestId("offer-list").getAttribute("class"), "offers");
});

test("before a photo is in, Search offers the last searches, which open in History", async () => {
  // A search made before this window opened (the fake keeps no history across reloads).
  await page.evaluate(async () => {
    const fake = window.zhaohuoFake;
    const photo = await fake.call("load_photo", { body: await window.makePng() });
    await fake.call("search_photo", { request: { photoId: photo.photoId, crop: null, query: null } });
  });
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-item").first().waitFor();
  await page.getByTestId("nav-search").click();
  const recent = page.getByTestId("recent-search");
  await recent.first().waitFor();
  assert.equal(await recent.count(), 1);
  await recent.first().click();
  assert.equal(await page.getByTestId("nav-history").getAttribute("aria-current"), "page");
  await page.getByTestId("history-detail").getByTestId("offer").first().waitFor();
});

test("a photo seen before says so, and the banner opens that earlier search in History", async () => {
  await searchPhoto();
  await page.evaluate(async () => {
    const fake = window.zhaohuoFake;
    const [earlier] = await fake.call("list_history", { page: 0, pageSize: 10 });
    fake.setHandler("search_photo", () => ({
      searchId: earlier.id + 1,
      profile: "demo",
      offers: fake.offers(12),
      total: 12,
      hasMore: false,
      page: 1,
      seenBefore: [{ search: earlier, distance: 0 }],
      filtersRemote: [],
      filtersLocal: [],
      sortRemote: true,
      filteredOut: 0,
      fromCache: false,
      picRegion: null,
      searchedRegion: null,
      detectedRegions: [],
      notSaved: null,
    }));
    window.__earlier = earlier.id;
  });
  await dropFile(page, "[data-testid=dropzone]");
  const banner = page.getByTestId("seen-before");
  await banner.waitFor();
  assert.match(await banner.innerText(), /You searched a photo like this 1 time before/);
  await page.getByTestId("seen-before-open").click();
  await page.getByTestId("history-detail").getByTestId("offer").first().waitFor();
  const opened = await page.evaluate(() => window.zhaohuoFake.argsOf("open_search").at(-1));
  assert.equal(opened.id, await page.evaluate(() => window.__earlier));
});

test("focus is always visible while tabbing through Search with offers", async () => {
  await searchPhoto();
  await page.locator("body").click({ position: { x: 600, y: 20 } });
  const unseen = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const seen = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
      return { ring, what: `${el.tagName.toLowerCase()}[${el.getAttribute("data-testid") ?? el.className}]` };
    });
    if (seen && !seen.ring) unseen.push(seen.what);
  }
  assert.deepEqual(unseen, []);
});
