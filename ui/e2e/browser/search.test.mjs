// The Search place in Chromium over the fake backend: a dropped photo is
// previewed with its suggested crop and the offers are listed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf, dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

const dropPhoto = () => dropAndSearch(page);

test("a dropped photo is shown with a crop and its offers are listed", async () => {
  await dropPhoto();
  await page.getByTestId("photo-image").waitFor();
  await page.getByTestId("offer").first().waitFor();
  assert.equal(await page.getByTestId("offer").count(), 12);
  const first = page.getByTestId("offer").first();
  assert.match(await first.getByTestId("offer-price").innerText(), /^¥\d+\.\d\d/);
  assert.equal(await first.getByTestId("offer-match").innerText(), "97% match");
  assert.equal(await page.getByTestId("offer").nth(7).getByTestId("offer-match").innerText(), "#8");
  const box = await page.getByTestId("crop-box").boundingBox();
  assert.ok(box && box.width > 10 && box.height > 10, "the suggested crop is drawn");
  assert.match(await page.getByTestId("search-status").innerText(), /12 offers of 40/);
});

test("dragging on the photo crops and searches again", async () => {
  assert.equal(await page.getByTestId("offer").count(), 12);
  const searches = await callsOf(page, "search_photo");
  assert.equal(searches.length, 1, "the drop searched once");
  const first = searches[0].request;
  // The fake suggests the middle three quarters of the 400×300 photo.
  assert.deepEqual(first.crop, { x: 50, y: 38, width: 300, height: 225 });

  const img = await page.getByTestId("photo-image").boundingBox();
  await page.mouse.move(img.x + 5, img.y + 5);
  await page.mouse.down();
  await page.mouse.move(img.x + img.width / 2, img.y + img.height / 2, { steps: 5 });
  await page.mouse.up();
  const box = await page.getByTestId("crop-box").boundingBox();
  assert.ok(Math.abs(box.width - img.width / 2) < img.width * 0.1, `crop ${box.width} follows the drag`);

  await page.waitForFunction(() => window.zhaohuoFake.argsOf("search_photo").length === 2);
  const again = (await callsOf(page, "search_photo"))[1].request;
  assert.equal(again.photoId, first.photoId, "the same photo, searched again");
  // The drag ran from 5 screen px inside the top-left corner to the middle, in photo pixels.
  const scale = 400 / img.width;
  const expected = { x: 5 * scale, y: 5 * scale, width: 200 - 5 * scale, height: 150 - 5 * scale };
  for (const side of ["x", "y", "width", "height"]) {
    assert.ok(Math.abs(again.crop[side] - expected[side]) <= 2, `crop ${side} ${again.crop[side]} ≈ ${expected[side]}`);
  }
  assert.ok(Number.isInteger(again.crop.x) && Number.isInteger(again.crop.width), "whole pixels");
  await page.getByTestId("offer").first().waitFor();
  assert.match(await page.getByTestId("search-status").innerText(), /12 offers of 40/);
});

test("a corrupt image shows the backend's error and the hint for its kind", async () => {
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], "broken.png", { type: "image/png" }));
    document.querySelector("[data-testid=dropzone]").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "photo.corrupt");
  assert.match(await page.getByTestId("search-status").innerText(), /looks damaged or only partly downloaded/);
});

test("the search is in History and reopens with its offers", async () => {
  await page.getByTestId("nav-history").click();
  const items = page.getByTestId("history-item");
  await items.first().waitFor();
  assert.ok((await items.count()) >= 1);
  await items.first().click();
  await page.getByTestId("history-detail").getByTestId("offer").first().waitFor();
  assert.equal(await page.getByTestId("history-detail").getByTestId("offer").count(), 12);
});

test("an offer added to a new shortlist shows there with its price", async () => {
  await page.getByTestId("nav-search").click();
  await dropPhoto();
  await page.getByTestId("offer").first().waitFor();
  const first = page.getByTestId("offer").first();
  const price = await first.getByTestId("offer-price").innerText();
  await first.getByTestId("shortlist-picker").selectOption("new");
  await first.locator("option", { hasText: "★ On Shortlist 1" }).waitFor({ state: "attached" });
  await page.getByTestId("nav-shortlists").click();
  await page.getByTestId("shortlist").first().click();
  const item = page.getByTestId("shortlist-item").first();
  await item.waitFor();
  assert.equal(await item.getByTestId("shortlist-price").innerText(), price);
});

test("an offer shows the facts the provider gave, and its title opens the 1688 page through Rust", async () => {
  await page.getByTestId("nav-search").click();
  await dropPhoto();
  await page.getByTestId("offer").first().waitFor();
  const first = page.getByTestId("offer").first();
  // Fake offer 0: 0 sold, dropship yes, in stock, a factory badge; no reorder rate.
  assert.equal(await first.getByTestId("offer-facts").innerText(), "0 sold/month · 一件代发 dropship · 现货 · 源头工厂");
  const second = page.getByTestId("offer").nth(1);
  assert.equal(await second.getByTestId("offer-facts").innerText(), "100 sold/month · 30% reorder · 现货");
  const before = (await callsOf(page, "open_offer_page")).length;
  await second.getByTestId("offer-open").click();
  await page.waitForFunction((n) => window.zhaohuoFake.argsOf("open_offer_page").length === n + 1, before);
  const opened = (await callsOf(page, "open_offer_page")).at(-1);
  assert.equal(opened.url, "https://detail.1688.com/offer/610000000001.html");
  assert.equal(await page.getByTestId("error").count(), 0, "opening a 1688 page is not an error");
});

test("a list started from one offer is offered by the other offers' pickers", async () => {
  await page.getByTestId("nav-search").click();
  await dropPhoto();
  await page.getByTestId("offer").nth(1).waitFor();
  const first = page.getByTestId("offer").first();
  await first.getByTestId("shortlist-picker").selectOption("new");
  const made = first.locator("option", { hasText: "★ On " });
  await made.waitFor({ state: "attached" });
  const name = (await made.innerText()).replace("★ On ", "");
  const second = page.getByTestId("offer").nth(1).getByTestId("shortlist-picker");
  await second.focus();
  const offered = await second.locator("option").allInnerTexts();
  assert.ok(offered.includes(name), `${name} offered: ${offered.join(" | ")}`);
});
