// Every place stays unbroken from 1024×700 to 2560×1440 and at 200% zoom
// (a 1280×800 window at 200% is 640×400 CSS pixels): nothing sticks out to
// the right, so nothing needs a sideways scroll.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

/** Elements whose right edge is past the window's (at most a few, for the message). */
const overflowing = () =>
  page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className} → ${Math.round(r.right)}`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth) out.push(`page ${document.documentElement.scrollWidth} wide`);
    return out.slice(0, 5);
  });

for (const [width, height] of [
  [1024, 700],
  [640, 400],
  [2560, 1440],
]) {
  test(`every place fits ${width}×${height}`, async () => {
    await page.setViewportSize({ width, height });
    await page.getByTestId("nav-search").click();
    await dropAndSearch(page);
    const problems = [];
    const check = async (place) => problems.push(...(await overflowing()).map((p) => `${place}: ${p}`));
    await check("Search");
    await page.getByTestId("layout-grid").click();
    await check("Search (grid)");
    await page.getByTestId("layout-list").click();
    await page.getByTestId("offer").first().getByTestId("offer-details").click();
    await page.getByTestId("offer-panel").waitFor();
    await check("the offer panel");
    await page.getByTestId("panel-close").click();
    await page.getByTestId("nav-history").click();
    await page.getByTestId("history-item").first().click();
    await page.getByTestId("history-detail").getByTestId("offer").first().waitFor();
    await check("History");
    await page.getByTestId("nav-shortlists").click();
    await page.locator("[data-testid=shortlists-empty], [data-testid=shortlist]").first().waitFor();
    await check("Shortlists");
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("profiles").locator("section").first().waitFor();
    await check("Settings");
    assert.deepEqual(problems, []);
  });
}
