// The objects 1688 found, in Chromium over the fake backend: besides the
// region it searched, 1688 lists the objects it detected (the shell gives them
// in the photo's pixels). Those it did not search are dotted boxes numbered
// after the candidates; a click, Tab + Enter or Space makes one the crop and
// searches exactly it, like a candidate.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { seriousViolations } from "./axe.mjs";
import { callsOf, dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

const objects = () => page.getByTestId("detected-box");
const searches = () => page.evaluate(() => window.zhaohuoFake.argsOf("search_photo").length);
/** Waits for search number `n` to be recorded and answered, and returns its crop. */
async function searched(n) {
  await page.waitForFunction((n) => window.zhaohuoFake.argsOf("search_photo").length === n, n);
  await page.waitForFunction(() => !document.querySelector("[data-testid=stop-search]") && document.querySelector("[data-testid=offer]"));
  return (await callsOf(page, "search_photo"))[n - 1].request.crop;
}
const focused = () => page.evaluate(() => ({ testid: document.activeElement?.dataset.testid ?? null, rank: document.activeElement?.dataset.rank ?? null }));
/** What the fake's 1688 found in a search of `crop` besides the region it searched: two objects down its right edge. */
function objectsIn(crop) {
  const part = (x0, x1, y0, y1) => {
    const x = Math.round(crop.x + crop.width * x0);
    const y = Math.round(crop.y + crop.height * y0);
    return { x, y, width: Math.round(crop.x + crop.width * x1) - x, height: Math.round(crop.y + crop.height * y1) - y };
  };
  return [part(0.74, 0.96, 0.1, 0.45), part(0.74, 0.96, 0.55, 0.9)];
}

/** Asserts the `i`th object box is drawn at `box` (photo pixels of a photo `width` px wide), within a pixel and a half. */
async function assertDrawnAt(i, box, width) {
  const img = await page.getByTestId("photo-image").boundingBox();
  const at = await objects().nth(i).boundingBox();
  const scale = img.width / width;
  const expected = { x: img.x + box.x * scale, y: img.y + box.y * scale, width: box.width * scale, height: box.height * scale };
  for (const side of ["x", "y", "width", "height"]) {
    assert.ok(Math.abs(at[side] - expected[side]) <= 1.5, `object ${i + 1} ${side} ${at[side]} ≈ ${expected[side]}`);
  }
}

test("a screenshot's search shows 1688's other objects as dotted boxes numbered after the five candidates", async () => {
  await dropAndSearch(page, "[data-testid=dropzone]", "screenshot");
  const found = objectsIn({ x: 80, y: 150, width: 880, height: 700 }); // in candidate 1, the crop searched
  await objects().first().waitFor();
  assert.equal(await objects().count(), 2, "the searched region is outlined, not offered again");
  for (const [i, box] of found.entries()) {
    const el = objects().nth(i);
    assert.equal(await el.getAttribute("data-rank"), String(6 + i));
    assert.equal(await el.innerText(), String(6 + i), "numbered");
    assert.equal(await el.getAttribute("aria-label"), `Object 1688 found, box ${6 + i}: ${box.width}×${box.height} at ${box.x},${box.y}`);
    assert.equal(await el.getAttribute("aria-pressed"), "false");
    await assertDrawnAt(i, box, 1600);
  }
  const style = (selector) => page.evaluate((s) => getComputedStyle(document.querySelector(s)).borderTopStyle, selector);
  assert.equal(await style("[data-testid=detected-box]"), "dotted");
  assert.notEqual(await style("[data-testid=candidate-box]"), "dotted", "a third style, unlike the candidates");
  assert.notEqual(await style("[data-testid=searched-region]"), "dotted", "and unlike the region searched");
  assert.match(await page.getByTestId("detected-legend").innerText(), /other objects 1688 found/);
});

test("Tab goes from the last candidate to 1688's objects, in order", async () => {
  await page.locator("[data-testid=candidate-box][data-rank='5']").focus();
  await page.keyboard.press("Tab");
  assert.deepEqual(await focused(), { testid: "detected-box", rank: "6" });
  await page.keyboard.press("Tab");
  assert.deepEqual(await focused(), { testid: "detected-box", rank: "7" });
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  assert.deepEqual(await focused(), { testid: "candidate-box", rank: "5" });
});

test("clicking an object makes it the crop and searches exactly it", async () => {
  const box = objectsIn({ x: 80, y: 150, width: 880, height: 700 })[1];
  const n = await searches();
  await page.locator("[data-testid=detected-box][data-rank='7']").click();
  assert.deepEqual(await searched(n + 1), box);
  const crop = await page.getByTestId("crop-box").boundingBox();
  const img = await page.getByTestId("photo-image").boundingBox();
  const scale = img.width / 1600;
  assert.ok(Math.abs(crop.x - (img.x + box.x * scale)) <= 3 && Math.abs(crop.width - box.width * scale) <= 4, "the crop box is on the object");
  // 1688 now found objects inside the new crop, numbered after the candidates again.
  const next = objectsIn(box);
  await page.waitForFunction((x) => document.querySelector("[data-testid=detected-box]")?.getAttribute("aria-label")?.includes(`at ${x},`), next[0].x);
  assert.equal(await objects().first().getAttribute("data-rank"), "6");
});

test("Enter and Space on an object search it; the focus stays on the photo when the answer replaces it", async () => {
  let crop = (await callsOf(page, "search_photo")).at(-1).request.crop;
  for (const key of ["Enter", " "]) {
    const box = objectsIn(crop)[0];
    await page.locator("[data-testid=detected-box][data-rank='6']").focus();
    const n = await searches();
    await page.keyboard.press(key);
    crop = await searched(n + 1);
    assert.deepEqual(crop, box, `${key === " " ? "Space" : key} searched the object`);
    await page.waitForFunction((x) => document.querySelector("[data-testid=detected-box]")?.getAttribute("aria-label")?.includes(`at ${x},`), objectsIn(box)[0].x);
    assert.equal((await focused()).testid, "photo-frame", "the picked box is gone; the focus is on the photo, not lost");
    await page.keyboard.press("Tab");
    assert.equal((await focused()).testid, "candidate-box", "and Tab goes on into the boxes");
  }
});

test("a photo without candidates numbers 1688's objects from 1", async () => {
  await dropAndSearch(page);
  await page.waitForFunction(() => document.querySelector("[data-testid=detected-box]")?.dataset.rank === "1");
  assert.equal(await page.getByTestId("candidate-box").count(), 0);
  const found = objectsIn({ x: 50, y: 38, width: 300, height: 225 });
  assert.deepEqual(await objects().evaluateAll((els) => els.map((e) => e.dataset.rank)), ["1", "2"]);
  await assertDrawnAt(0, found[0], 400);
});

test("the object boxes pass axe with no serious violations", async () => {
  assert.deepEqual(await seriousViolations(page), []);
});
