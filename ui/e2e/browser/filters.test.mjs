// Filters, sort, the where-filters-ran note, More results, Stop and superseded
// searches on the Search place, and the gateway address in Settings, in
// Chromium over the fake backend. Each test starts from a fresh page, so the
// fake's recorded calls (and its held searches) are that test's alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf, dropFile } from "./photos.mjs";
import { drain } from "../wait.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const DEFAULT_QUERY = {
  mode: "same",
  page: 1,
  pageSize: 0,
  filters: { priceMinFen: null, priceMaxFen: null, moqMax: null, freeShipping: false, dropshipOnly: false, minSimilarity: null, factoryOnly: false },
  sort: "relevance",
  weights: { similarity: 0.5, lowMoq: 0.3, inStock: 0.2 },
  lang: "en", // the UI language (Chromium here is en-US)
  region: null,
};

const offers = () => page.getByTestId("offer");
const status = () => page.getByTestId("search-status").innerText();
const offerIds = () => page.$$eval("[data-testid=offer]", (els) => els.map((e) => e.dataset.offerId));
const searchCount = () => page.evaluate(() => window.zhaohuoFake.argsOf("search_photo").length);
const waitForSearches = (n) => page.waitForFunction((n) => window.zhaohuoFake.argsOf("search_photo").length === n, n);
const waitForHeld = (n) => page.waitForFunction((n) => window.zhaohuoFake.waiting("search_photo") === n, n);
const lastQuery = async () => (await callsOf(page, "search_photo")).at(-1).request.query;
const noErrors = async () => assert.equal(await page.getByTestId("error").count(), 0, "no error is shown");

/** Drops the test photo and waits for its first page of offers. */
async function searchPhoto() {
  await dropFile(page, "[data-testid=dropzone]");
  await page.waitForFunction(() => document.querySelector("[data-testid=search-status]")?.textContent?.includes("offers"));
}

/** Types into a filter field and leaves it, as a buyer does (the change event re-searches). */
async function typeFilter(testid, text) {
  await page.getByTestId(testid).fill(text);
  await page.getByTestId(testid).press("Tab");
}

/** Lets the page run what is queued (answers already resolved, their follow-up calls). */
const settle = () => drain(page);

// --- filters and sort ---------------------------------------------------------

test("the bar appears with a photo, and each change searches again with the full query", async () => {
  assert.equal(await page.getByTestId("filters").isVisible(), false, "no bar before a photo");
  await searchPhoto();
  assert.ok(await page.getByTestId("filters").isVisible());
  const first = (await callsOf(page, "search_photo"))[0].request;
  assert.deepEqual(first.query, DEFAULT_QUERY, "the first search sends the bar's defaults");
  assert.equal(first.refresh, false);

  await typeFilter("filter-price-min", "12.5");
  await waitForSearches(2);
  assert.deepEqual(await lastQuery(), { ...DEFAULT_QUERY, filters: { ...DEFAULT_QUERY.filters, priceMinFen: 1250 } });

  await page.getByTestId("filter-price-max").fill("30");
  await page.getByTestId("filter-price-max").press("Enter");
  await waitForSearches(3);
  await page.getByTestId("filter-moq").fill("50");
  await page.getByTestId("filter-moq").press("Enter");
  await waitForSearches(4);
  await page.getByTestId("filter-free-shipping").check();
  await waitForSearches(5);
  await page.getByTestId("filter-dropship").check();
  await waitForSearches(6);
  await page.getByTestId("filter-factory").check();
  await waitForSearches(7);
  await page.getByTestId("filter-sort").selectOption("priceDesc");
  await waitForSearches(8);
  await page.getByTestId("filter-mode").selectOption("similar");
  await waitForSearches(9);

  const all = await callsOf(page, "search_photo");
  assert.deepEqual(all.at(-1).request.query, {
    ...DEFAULT_QUERY,
    mode: "similar",
    sort: "priceDesc",
    filters: { priceMinFen: 1250, priceMaxFen: 3000, moqMax: 50, freeShipping: true, dropshipOnly: true, minSimilarity: null, factoryOnly: true },
  });
  for (const call of all) {
    assert.equal(call.request.photoId, first.photoId, "the same photo");
    assert.deepEqual(call.request.crop, first.crop, "the same crop");
  }
  await offers().first().waitFor();
  await noErrors();
});

test("a wrong price or MOQ is explained next to the bar and does not search", async () => {
  await searchPhoto();
  await typeFilter("filter-price-min", "-5");
  const message = page.getByTestId("filter-error");
  await message.waitFor();
  assert.equal(await message.innerText(), "Min price: A price can't be negative.");
  assert.equal(await page.getByTestId("filter-price-min").getAttribute("aria-invalid"), "true");

  await typeFilter("filter-price-min", "cheap");
  assert.match(await message.innerText(), /"cheap" is not a price\. Type yuan, like 12\.5\./);
  await typeFilter("filter-price-min", "");
  assert.equal(await message.isVisible(), false, "fixed: the message goes");

  await typeFilter("filter-moq", "2.5");
  assert.match(await message.innerText(), /"2\.5" is not a quantity/);
  await typeFilter("filter-moq", "");
  await typeFilter("filter-price-min", "20");
  await waitForSearches(2);
  await typeFilter("filter-price-max", "10");
  assert.equal(await message.innerText(), "The max price is below the min price.");
  await settle();
  assert.equal(await searchCount(), 2, "only the valid change searched");

  // The same price typed differently is the same query: no search.
  await typeFilter("filter-price-max", "");
  await waitForSearches(2);
  await typeFilter("filter-price-min", "20.00");
  await settle();
  assert.equal(await searchCount(), 2);
});

// --- the note under the status --------------------------------------------------

test("the note says which filters 1688 ran, which ran here and how many offers they hid", async () => {
  await searchPhoto();
  assert.equal(await page.getByTestId("search-note").isVisible(), false, "no filters, fresh answer: no note");
  await typeFilter("filter-price-max", "25");
  await typeFilter("filter-moq", "50");
  await waitForSearches(3);
  await page.getByTestId("filter-note").waitFor();
  const shown = await offers().count();
  const hidden = 12 - shown; // the fake hides from its 12-offer page
  assert.ok(hidden > 0 && shown > 0);
  assert.equal(
    await page.getByTestId("search-note").innerText(),
    `Filtered by 1688: price. Filtered here (the API can't): max MOQ — ${hidden} offers hidden.`,
  );
  const moqs = await page.$$eval("[data-testid=offer] .moq", (els) => els.map((e) => Number(e.textContent.match(/\d+/)[0])));
  assert.ok(moqs.every((m) => m <= 50), `every MOQ listed is at most 50: ${moqs}`);
});

test("a cached answer says so, and Refresh asks again", async () => {
  await searchPhoto();
  await typeFilter("filter-moq", "50");
  await waitForSearches(2);
  await page.getByTestId("filter-note").waitFor();
  await typeFilter("filter-moq", ""); // back to the first query: the fake's cache answers
  await waitForSearches(3);
  const cache = page.getByTestId("cache-note");
  await cache.waitFor();
  assert.equal(await page.getByTestId("search-note").innerText(), "From your local cache (searched in the last 6 hours; no quota used) · Refresh");
  await page.getByTestId("refresh-search").click();
  await waitForSearches(4);
  const calls = await callsOf(page, "search_photo");
  assert.equal(calls[3].request.refresh, true);
  assert.deepEqual(calls[3].request.query, calls[0].request.query, "Refresh asks the same query again");
  await cache.waitFor({ state: "detached" });
  await page.waitForFunction(() => /12 offers/.test(document.querySelector("[data-testid=search-status]").textContent));
  await noErrors();
});

// --- More results ---------------------------------------------------------------

test("More results appends the next pages, updates the count and goes when there are no more", async () => {
  await searchPhoto();
  assert.match(await status(), /^12 offers of 40 from demo\.$/);
  const searchId = Number(await page.getByTestId("offer-list").getAttribute("data-search-id"));
  assert.ok(searchId > 0);
  const more = page.getByTestId("more-results");
  assert.ok(await more.isVisible());

  await more.click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=offer]").length === 24);
  assert.match(await status(), /^24 offers of 40 from demo\.$/);
  await more.click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=offer]").length === 36);
  await more.click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=offer]").length === 40);
  assert.match(await status(), /^40 offers from demo\.$/);
  assert.equal(await more.isVisible(), false, "no more pages: no button");

  const ids = await offerIds();
  assert.equal(new Set(ids).size, ids.length, "no offer twice");
  const mores = await callsOf(page, "search_more");
  assert.deepEqual(mores, [{ searchId }, { searchId }, { searchId }], "each More continues the same search");
  await noErrors();
});

test("More results never lists an offer twice, even when a page repeats one", async () => {
  await searchPhoto();
  await page.evaluate(() => {
    const fake = window.zhaohuoFake;
    // Offers 11 and 12 were on page 1; 13 and 14 are new.
    fake.setHandler("search_more", ({ searchId }) => ({
      searchId,
      profile: "demo",
      offers: [...fake.offers(4, 10), fake.offers(1, 11)[0]],
      total: 14,
      hasMore: false,
      page: 2,
      seenBefore: [],
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
  });
  await page.getByTestId("more-results").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=offer]").length === 14);
  await settle();
  const ids = await offerIds();
  assert.equal(ids.length, 14);
  assert.equal(new Set(ids).size, 14);
  assert.deepEqual(ids.slice(12), ["610000000012", "610000000013"]);
  assert.match(await status(), /^14 offers from demo\.$/);
  assert.equal(await page.getByTestId("more-results").isVisible(), false);
});

test("a failed More shows the message and hint, and can be tried again", async () => {
  await searchPhoto();
  await page.evaluate(() =>
    window.zhaohuoFake.failNext("search_more", { kind: "provider.rate_limited", message: "1688 asked us to slow down", hint: "Wait a minute, then try again." }),
  );
  await page.getByTestId("more-results").click();
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "provider.rate_limited");
  assert.equal(await page.getByTestId("error-hint").innerText(), " — Wait a minute, then try again.");
  assert.equal(await offers().count(), 12, "the listed offers stay");
  await page.getByTestId("more-results").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=offer]").length === 24);
});

// --- Stop and superseded searches -------------------------------------------------

test("Stop cancels the search in flight and says Stopped., without an error", async () => {
  await page.evaluate(() => window.zhaohuoFake.hold("search_photo"));
  await dropFile(page, "[data-testid=dropzone]");
  await waitForHeld(1);
  const stop = page.getByTestId("stop-search");
  await stop.waitFor();
  assert.match(await status(), /Searching/);
  await stop.click();
  assert.equal(await status(), "Stopped.");
  assert.equal((await callsOf(page, "cancel_search")).length, 1);
  await waitForHeld(0); // the fake rejected it with search.cancelled
  await settle();
  assert.equal(await status(), "Stopped.");
  await noErrors();
  assert.equal(await offers().count(), 0);
  assert.equal(await stop.isVisible(), false);

  // The next search runs as usual.
  await page.evaluate(() => window.zhaohuoFake.release("search_photo"));
  await typeFilter("filter-moq", "100");
  await page.waitForFunction(() => /offers/.test(document.querySelector("[data-testid=search-status]").textContent));
  await noErrors();
});

test("a search replaced by a newer one is dropped quietly; the newer one's offers show", async () => {
  await page.evaluate(() => window.zhaohuoFake.hold("search_photo"));
  await dropFile(page, "[data-testid=dropzone]");
  await waitForHeld(1);
  await page.getByTestId("filters").waitFor();
  await typeFilter("filter-moq", "50"); // the fake cancels the first search, as the shell does
  await waitForSearches(2);
  await waitForHeld(1);
  await settle();
  await noErrors();
  assert.match(await status(), /Searching/, "not Stopped.: the buyer did not stop it");
  await page.evaluate(() => window.zhaohuoFake.release("search_photo"));
  await page.getByTestId("filter-note").waitFor();
  assert.match(await page.getByTestId("search-note").innerText(), /max MOQ/);
  await noErrors();
});

test("an older search's late answer never replaces the newer one's results", async () => {
  // The first answer is already on its way when the newer search starts: it still arrives, last.
  await page.evaluate(() => window.zhaohuoFake.hold("search_photo", { stoppable: false }));
  await dropFile(page, "[data-testid=dropzone]");
  await waitForHeld(1);
  await page.getByTestId("filters").waitFor();
  await typeFilter("filter-moq", "50");
  await waitForHeld(2);

  await page.evaluate(() => window.zhaohuoFake.release("search_photo", "newest"));
  await page.getByTestId("filter-note").waitFor();
  const newer = await offerIds();
  const newerStatus = await status();
  assert.ok(newer.length < 12, "the newer search hid high-MOQ offers");

  await page.evaluate(() => window.zhaohuoFake.release("search_photo", "oldest"));
  await page.waitForFunction(() => window.zhaohuoFake.argsOf("list_shortlists").length === 2, null); // the late answer was taken in
  await settle();
  assert.deepEqual(await offerIds(), newer, "still the newer search's offers");
  assert.equal(await status(), newerStatus);
  assert.match(await page.getByTestId("search-note").innerText(), /max MOQ/);
  await noErrors();
  assert.equal(await page.getByTestId("stop-search").isVisible(), false);
});

// --- Settings: gateway address -------------------------------------------------------

test("Settings saves a profile's gateway address, explains a bad one, and resets it", async () => {
  await page.getByTestId("nav-settings").click();
  const field = page.getByTestId("gateway-1688-open");
  await field.waitFor();
  assert.equal(await field.inputValue(), "https://gw.open.1688.com");
  assert.equal(await page.getByTestId("gateway-demo").count(), 0, "the demo's address is fixed");
  const settingsStatus = page.getByTestId("settings-status");

  await field.fill("http://127.0.0.1:9000/");
  await page.getByTestId("gateway-save-1688-open").click();
  await page.getByTestId("base-url-1688-open").getByText("1688-open · http://127.0.0.1:9000").waitFor();
  assert.equal(await page.getByTestId("gateway-1688-open").inputValue(), "http://127.0.0.1:9000");
  assert.match(await settingsStatus.innerText(), /Gateway address for .* saved\./);

  await page.getByTestId("gateway-1688-open").fill("ftp://files.example");
  await page.getByTestId("gateway-save-1688-open").click();
  const error = settingsStatus.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "profile.bad_url");
  assert.equal(await error.innerText(), '"ftp://files.example" is not a usable base URL');
  assert.equal(
    await settingsStatus.getByTestId("error-hint").innerText(),
    " — Enter it as https://host[:port][/path], e.g. https://gw.open.1688.com.",
  );
  assert.match(await page.getByTestId("base-url-1688-open").innerText(), /127\.0\.0\.1:9000/, "the saved address stays");

  await page.getByTestId("gateway-reset-1688-open").click();
  await page.getByTestId("base-url-1688-open").getByText("https://gw.open.1688.com").waitFor();
  assert.equal(await page.getByTestId("gateway-1688-open").inputValue(), "https://gw.open.1688.com");
  assert.deepEqual(await callsOf(page, "set_profile_base_url"), [
    { profile: "1688-open", url: "http://127.0.0.1:9000/" },
    { profile: "1688-open", url: "ftp://files.example" },
    { profile: "1688-open", url: null },
  ]);
});

// --- the match slider and the supply-chain weights -------------------------------------

test("the lowest-match slider filters by similarity; the supply-chain weights are sent and remembered", async () => {
  await searchPhoto();
  const slider = page.getByTestId("filter-min-similarity");
  assert.ok(await slider.isVisible(), "the demo profile scores matches");
  await slider.fill("80");
  await waitForSearches(2);
  assert.equal((await lastQuery()).filters.minSimilarity, 0.8);
  assert.equal(await page.getByTestId("filter-min-similarity-value").innerText(), "≥ 80%");

  assert.equal(await page.getByTestId("filter-weights").count(), 0, "weights only for the supply-chain sort");
  await page.getByTestId("filter-sort").selectOption("supplyChain");
  await waitForSearches(3);
  assert.deepEqual((await lastQuery()).weights, { similarity: 0.5, lowMoq: 0.3, inStock: 0.2 }, "the write-up's default");
  await page.getByTestId("weight-lowMoq").fill("0.7");
  await waitForSearches(4);
  assert.deepEqual((await lastQuery()).weights, { similarity: 0.5, lowMoq: 0.7, inStock: 0.2 });

  await page.reload();
  await page.getByTestId("dropzone").waitFor();
  await searchPhoto();
  assert.deepEqual((await lastQuery()).weights, { similarity: 0.5, lowMoq: 0.7, inStock: 0.2 }, "remembered after a restart");
  await page.getByTestId("filter-sort").selectOption("supplyChain");
  await page.getByTestId("filter-weights").waitFor();
  assert.equal(await page.getByTestId("weight-lowMoq").inputValue(), "0.7");
  await page.getByTestId("weight-lowMoq").fill("0.3"); // back to the default for the tests that follow
  await page.waitForFunction(() => window.zhaohuoFake.argsOf("search_photo").at(-1).request.query.weights.lowMoq === 0.3);
});
