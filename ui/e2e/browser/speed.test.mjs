// How long 200 offers take to appear once the answer is in (the fake answers
// at once): from the backend's reply to the frame after they are all in the
// DOM. The bound is loose (a shared 2-core machine runs this); the number is
// printed for the record.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { dropFile } from "./photos.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

test("200 offers are on screen soon after the answer", async (t) => {
  const runs = [];
  for (let run = 0; run < 3; run++) {
    if (run > 0) {
      await page.reload();
      await page.getByTestId("dropzone").waitFor();
    }
    await page.evaluate(() => {
      const fake = window.zhaohuoFake;
      fake.setHandler("search_photo", ({ request }) => {
        window.__answered = performance.now();
        return {
          searchId: 1,
          profile: "demo",
          offers: fake.offers(200),
          total: 200,
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
          detectedRegions: [],
          notSaved: null,
          request,
        };
      });
      window.__painted = new Promise((resolve) => {
        const tick = () => {
          if (document.querySelectorAll("[data-testid=offer]").length === 200) requestAnimationFrame(() => resolve(performance.now() - window.__answered));
          else requestAnimationFrame(tick);
        };
        tick();
      });
    });
    await dropFile(page, "[data-testid=dropzone]");
    runs.push(await page.evaluate(() => window.__painted));
  }
  runs.sort((a, b) => a - b);
  t.diagnostic(`200 offers painted ${runs.map((ms) => `${ms.toFixed(1)} ms`).join(", ")} after the answer (median ${runs[1].toFixed(1)} ms)`);
  assert.ok(runs[1] < 1000, `median ${runs[1]} ms`);
});
