// The objects 1688 found, in Chromium over the fake backend: besides the
// region it searched, 1688 lists the objects it detected (the shell gives them
// in the photo's pixels). Those it did not search are dotted boxes numbered
// after the candidates; a click, Tab + Enter or Space searches one again in
// the same crop with 1688's own region of it (`query.region`, no new upload),
// and the outline of the region searched moves to it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { seriousViolations } from "./axe.mjs";
import { callsOf, dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

const objects = () => page.getByTestId("detected-box");
const searches = () => page.evaluate(() => window.zhaohuoFake.argsOf("search_photo").length);
/** Waits for search number `n` to be recorded and answered, and returns its request. */
async function searched(n) {
  await page.waitForFunction((n) => window.zhaohuoFake.argsOf("search_photo").length === n, n);
  await page.waitForFunction(() => !document.querySelector("[data-testid=stop-search]") && document.querySelector("[data-testid=offer]"));
  return (await callsOf(page, "search_photo"))[n - 1].request;
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

/**
 * 1688's regions (`picRegion.detected`) in the fake's prepared image of `crop`
 * (the crop at twice its size inside an 8 px margin): the middle it searches
 * unasked, then the two objects of `objectsIn`.
 */
function regionsIn(crop) {
  const middle = (() => {
    const x = Math.round(crop.x + crop.width * 0.1);
    const y = Math.round(crop.y + crop.height * 0.2);
    return { x, y, width: Math.round(crop.x + crop.width * 0.7) - x, height: Math.round(crop.y + crop.height * 0.7) - y };
  })();
  return [middle, ...objectsIn(crop)].map((b) => ({ x: (b.x - crop.x) * 2 + 8, y: (b.y - crop.y) * 2 + 8, width: b.width * 2, height: b.height * 2 }));
}
/** A region of the fake's prepared image of `crop` on the photo, as the shell maps it. */
function regionOnPhoto(r, crop) {
  return { x: crop.x + (r.x - 8) / 2, y: crop.y + (r.y - 8) / 2, width: r.width / 2, height: r.height / 2 };
}

/** Asserts the outline of the region searched is at `box` (photo pixels of a photo `width` px wide), within a pixel and a half. */
async function assertOutlineAt(box, width) {
  const img = await page.getByTestId("photo-image").boundingBox();
  const at = await page.getByTestId("searched-region").boundingBox();
  const scale = img.width / width;
  const expected = { x: img.x + box.x * scale, y: img.y + box.y * scale, width: box.width * scale, height: box.height * scale };
  for (const side of ["x", "y", "width", "height"]) {
    assert.ok(Math.abs(at[side] - expected[side]) <= 1.5, `outline ${side} ${at[side]} ≈ ${expected[side]}`);
  }
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

test("clicking an object searches it again in the same crop, with 1688's region of it, and the outline moves to it", async () => {
  const crop = { x: 80, y: 150, width: 880, height: 700 };
  const box = objectsIn(crop)[1];
  const n = await searches();
  await page.locator("[data-testid=detected-box][data-rank='7']").click();
  const sent = await searched(n + 1);
  assert.deepEqual(sent.crop, crop, "the same crop: no new upload of another one");
  assert.deepEqual(sent.query.region, regionsIn(crop)[2], "1688's own region of the object (picRegion.detected[2]), in the prepared image's pixels");
  assert.equal(sent.refresh, false);
  await page.waitForFunction((x) => document.querySelector("[data-testid=searched-region]")?.style.left.startsWith(String(+((x * 100) / 1600).toFixed(4))), box.x);
  await assertOutlineAt(box, 1600);
  const cropBox = await page.getByTestId("crop-box").boundingBox();
  const img = await page.getByTestId("photo-image").boundingBox();
  assert.ok(Math.abs(cropBox.x - (img.x + crop.x * (img.width / 1600))) <= 1.5, "the crop box stays where it was");
  // The object searched is outlined now, not offered; the one 1688 chose before is offered instead.
  const [middle, top] = [{ ...regionOnPhoto(regionsIn(crop)[0], crop) }, objectsIn(crop)[0]];
  const labels = await objects().evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  assert.deepEqual(labels, [
    `Object 1688 found, box 6: ${middle.width}×${middle.height} at ${middle.x},${middle.y}`,
    `Object 1688 found, box 7: ${top.width}×${top.height} at ${top.x},${top.y}`,
  ]);
});

test("Enter and Space on an object search it in the same crop; the focus stays on the photo when the answer outlines it", async () => {
  const crop = { x: 80, y: 150, width: 880, height: 700 };
  // Box 6 is 1688's first object (the middle), then, once that is searched, its second.
  for (const [key, index] of [
    ["Enter", 0],
    [" ", 1],
  ]) {
    await page.locator("[data-testid=detected-box][data-rank='6']").focus();
    const n = await searches();
    await page.keyboard.press(key);
    const sent = await searched(n + 1);
    const name = key === " " ? "Space" : key;
    assert.deepEqual(sent.crop, crop, `${name}: the same crop`);
    assert.deepEqual(sent.query.region, regionsIn(crop)[index], `${name}: the object's region`);
    const box = regionOnPhoto(regionsIn(crop)[index], crop);
    await page.waitForFunction(
      (label) => ![...document.querySelectorAll("[data-testid=detected-box]")].some((e) => e.getAttribute("aria-label").endsWith(label)),
      `${box.width}×${box.height} at ${box.x},${box.y}`,
    );
    await assertOutlineAt(box, 1600);
    assert.equal((await focused()).testid, "photo-frame", "the picked box is gone; the focus is on the photo, not lost");
    await page.keyboard.press("Tab");
    assert.equal((await focused()).testid, "candidate-box", "and Tab goes on into the boxes");
  }
});

test("a crop drawn anew lets 1688 choose again: no region is sent", async () => {
  const n = await searches();
  await page.locator("[data-testid=candidate-box][data-rank='2']").click();
  const sent = await searched(n + 1);
  assert.equal(sent.query.region, null);
  assert.notDeepEqual(sent.crop, { x: 80, y: 150, width: 880, height: 700 });
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
