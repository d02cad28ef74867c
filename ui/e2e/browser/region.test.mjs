// The region 1688 searched in Chromium over the fake backend: the newest
// results' searchedRegion (photo pixels, as the shell maps it) is outlined
// dashed on the photo, labelled, exactly where it says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

const outline = () => page.getByTestId("searched-region");

/** Asserts the outline is at `box` (photo pixels of a photo `width` px wide), within a pixel and a half on screen. */
async function assertOutlineAt(box, width) {
  const img = await page.getByTestId("photo-image").boundingBox();
  const at = await outline().boundingBox();
  const scale = img.width / width;
  const expected = { x: img.x + box.x * scale, y: img.y + box.y * scale, width: box.width * scale, height: box.height * scale };
  for (const side of ["x", "y", "width", "height"]) {
    assert.ok(Math.abs(at[side] - expected[side]) <= 1.5, `outline ${side} ${at[side]} ≈ ${expected[side]}`);
  }
}

test("a photo's search outlines the region 1688 searched inside the crop", async () => {
  await dropAndSearch(page);
  await outline().waitFor();
  assert.equal(await outline().innerText(), "Region 1688 searched");
  // The fake searched 10–70 % across and 20–70 % down the crop {50,38,300,225}.
  await assertOutlineAt({ x: 80, y: 83, width: 180, height: 113 }, 400);
});

test("a large crop's region is drawn where the shell says, in the photo's pixels", async () => {
  await dropAndSearch(page, "[data-testid=dropzone]", "screenshot");
  await outline().waitFor();
  // Candidate 1, {80,150,880,700}: the fake says {168,290,528,350} (the shell did the scaling).
  await assertOutlineAt({ x: 168, y: 290, width: 528, height: 350 }, 1600);
});

test("the outline goes while a new search runs and comes back for the new crop", async () => {
  await page.evaluate(() => window.zhaohuoFake.hold("search_photo"));
  await page.getByTestId("candidate-box").nth(1).click();
  await page.waitForFunction(() => window.zhaohuoFake.waiting("search_photo") === 1);
  assert.equal(await outline().count(), 0, "no outline for results not yet in");
  await page.evaluate(() => window.zhaohuoFake.release("search_photo"));
  await outline().waitFor();
  // Candidate 2, {1024,150,224,300}: the fake says {1046,210,135,150}.
  await assertOutlineAt({ x: 1046, y: 210, width: 135, height: 150 }, 1600);
});
