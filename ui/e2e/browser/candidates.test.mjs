// The candidate regions in Chromium over the fake backend: a screenshot of a
// shop page gets a numbered box per picture the app found; a box picked by
// click, Tab + Enter or Space becomes the crop and is searched; a drag that
// starts on a box still draws a crop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { seriousViolations } from "./axe.mjs";
import { callsOf, dropAndSearch } from "./photos.mjs";
import { drain } from "../wait.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

// The fake's FAKE_SCREENSHOT_TILES on the 1600×1000 screenshot, best first.
const CANDIDATES = [
  { x: 80, y: 150, width: 880, height: 700 },
  { x: 1024, y: 150, width: 224, height: 300 },
  { x: 1296, y: 150, width: 224, height: 300 },
  { x: 1024, y: 550, width: 224, height: 300 },
  { x: 1296, y: 550, width: 224, height: 300 },
];
const boxes = () => page.getByTestId("candidate-box");
const searches = () => page.evaluate(() => window.zhaohuoFake.argsOf("search_photo").length);
/** Waits for search number `n` to be recorded and answered, and returns its crop. */
async function searched(n) {
  await page.waitForFunction((n) => window.zhaohuoFake.argsOf("search_photo").length === n, n);
  await page.waitForFunction(() => !document.querySelector("[data-testid=stop-search]") && document.querySelector("[data-testid=offer]"));
  return (await callsOf(page, "search_photo"))[n - 1].request.crop;
}
const focusedRank = () => page.evaluate(() => document.activeElement?.dataset.rank ?? null);

test("a screenshot shows a numbered box per candidate, in rank order, and searches the best", async () => {
  await dropAndSearch(page, "[data-testid=dropzone]", "screenshot");
  assert.equal(await boxes().count(), 5);
  const img = await page.getByTestId("photo-image").boundingBox();
  const scale = img.width / 1600;
  for (const [i, c] of CANDIDATES.entries()) {
    const box = boxes().nth(i);
    assert.equal(await box.getAttribute("data-rank"), String(i + 1));
    assert.equal(await box.innerText(), String(i + 1), "numbered");
    assert.equal(await box.getAttribute("aria-label"), `Candidate ${i + 1} of 5: ${c.width}×${c.height} at ${c.x},${c.y}`);
    const at = await box.boundingBox();
    for (const [side, start] of [
      ["x", img.x],
      ["y", img.y],
      ["width", 0],
      ["height", 0],
    ]) {
      assert.ok(Math.abs(at[side] - (start + c[side] * scale)) <= 1.5, `candidate ${i + 1} ${side} ${at[side]} ≈ ${start + c[side] * scale}`);
    }
  }
  assert.deepEqual((await callsOf(page, "search_photo")).at(-1).request.crop, CANDIDATES[0], "the best candidate is searched first");
  assert.equal(await boxes().nth(0).getAttribute("aria-pressed"), "true");
  assert.equal(await boxes().nth(1).getAttribute("aria-pressed"), "false");
});

test("clicking the 2nd box makes it the crop and searches exactly it", async () => {
  const n = await searches();
  await boxes().nth(1).click();
  assert.deepEqual(await searched(n + 1), CANDIDATES[1]);
  assert.equal(await boxes().nth(1).getAttribute("aria-pressed"), "true");
  const crop = await page.getByTestId("crop-box").boundingBox();
  const box = await boxes().nth(1).boundingBox();
  assert.ok(Math.abs(crop.x - box.x) <= 3 && Math.abs(crop.width - box.width) <= 4, "the crop box is on the picked candidate");
});

test("Tab visits the boxes in rank order; Enter and Space pick and search", async () => {
  await boxes().nth(0).focus();
  await page.keyboard.press("Tab");
  assert.equal(await focusedRank(), "2");
  await page.keyboard.press("Tab");
  assert.equal(await focusedRank(), "3");
  let n = await searches();
  await page.keyboard.press("Enter");
  assert.deepEqual(await searched(n + 1), CANDIDATES[2]);
  assert.equal(await focusedRank(), "3", "focus stays on the picked box");
  await page.keyboard.press("Tab");
  assert.equal(await focusedRank(), "4");
  n = await searches();
  await page.keyboard.press(" ");
  assert.deepEqual(await searched(n + 1), CANDIDATES[3]);
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focusedRank(), "3");
});

test("a drag that starts on a box draws a crop instead of picking the box", async () => {
  const n = await searches();
  const img = await page.getByTestId("photo-image").boundingBox();
  const box = await boxes().nth(4).boundingBox();
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const to = { x: img.x + img.width * 0.5, y: img.y + img.height * 0.3 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
  const crop = await searched(n + 1);
  const scale = 1600 / img.width;
  const expected = { x: (to.x - img.x) * scale, y: (to.y - img.y) * scale, width: (from.x - to.x) * scale, height: (from.y - to.y) * scale };
  for (const side of ["x", "y", "width", "height"]) {
    assert.ok(Math.abs(crop[side] - expected[side]) <= 6, `crop ${side} ${crop[side]} ≈ ${expected[side]}`);
  }
  assert.equal(await page.locator("[data-testid=candidate-box][aria-pressed=true]").count(), 0, "no candidate is the crop now");
});

test("a click on the photo outside the boxes neither crops nor searches", async () => {
  const n = await searches();
  const img = await page.getByTestId("photo-image").boundingBox();
  await page.mouse.click(img.x + img.width * 0.5, img.y + img.height * 0.04);
  await drain(page);
  assert.equal(await searches(), n);
});

test("the boxes pass axe with no serious violations", async () => {
  assert.deepEqual(await seriousViolations(page), []);
});
