// The Search place in Chromium over the fake backend: a dropped photo is
// previewed with its suggested crop and the offers are listed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { serve } from "../serve.mjs";
import { launch } from "./chromium.mjs";

const dist = fileURLToPath(new URL("../../dist-fake/", import.meta.url));
let server;
let context;
let page;

before(async () => {
  server = await serve(dist);
  context = await launch();
  page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId("dropzone").waitFor();
});

after(async () => {
  await context?.close();
  await server?.close();
});

async function dropCanvasPhoto(type) {
  await page.evaluate(async (type) => {
    const canvas = new OffscreenCanvas(400, 300);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, 400, 300);
    ctx.fillStyle = "#1c7ed6";
    ctx.fillRect(100, 60, 200, 180);
    const blob = await canvas.convertToBlob({ type });
    const data = new DataTransfer();
    data.items.add(new File([blob], "shirt", { type }));
    document.querySelector("[data-testid=dropzone]").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  }, type);
}

test("a dropped photo is shown with a crop and its offers are listed", async () => {
  await dropCanvasPhoto("image/png");
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
  const before = await page.evaluate(() => document.querySelectorAll("[data-testid=offer]").length);
  assert.equal(before, 12);
  const img = await page.getByTestId("photo-image").boundingBox();
  await page.mouse.move(img.x + 5, img.y + 5);
  await page.mouse.down();
  await page.mouse.move(img.x + img.width / 2, img.y + img.height / 2, { steps: 5 });
  await page.mouse.up();
  const crop = await page.getByTestId("crop-box").boundingBox();
  assert.ok(Math.abs(crop.width - img.width / 2) < img.width * 0.1, `crop ${crop.width} follows the drag`);
  await page.getByTestId("offer").first().waitFor();
});

test("a corrupt image shows the backend's error and hint", async () => {
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], "broken.png", { type: "image/png" }));
    document.querySelector("[data-testid=dropzone]").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "photo.corrupt");
  assert.match(await page.getByTestId("search-status").innerText(), /Try another photo/);
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
  await dropCanvasPhoto("image/png");
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
