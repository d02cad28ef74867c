// The built UI (fake backend) in real Chromium: places, drop and paste.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

test("opens on the Search place with a drop zone", async () => {
  const zone = page.getByTestId("dropzone");
  await zone.waitFor();
  assert.match(await zone.innerText(), /Drop a product photo/);
  assert.equal(await page.getByTestId("nav-search").getAttribute("aria-current"), "page");
});

test("every place is reachable from the sidebar", async () => {
  await page.getByTestId("nav-history").click();
  // The browser tests share one page: only the empty state if no search ran yet.
  await page.locator("[data-testid=history-empty], [data-testid=history-item]").first().waitFor();
  await page.getByTestId("nav-shortlists").click();
  await page.getByTestId("shortlists-empty").waitFor();
  await page.getByTestId("nav-settings").click();
  await page.getByText("0.0.0-fake").waitFor();
  await page.getByTestId("nav-search").click();
  await page.getByTestId("dropzone").waitFor();
});

test("dropping a non-image says so", async () => {
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(["hello"], "notes.txt", { type: "text/plain" }));
    document.querySelector("[data-testid=dropzone]").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  assert.match(await page.getByTestId("search-status").innerText(), /not an image/);
});
