// A search's stages in Chromium over the fake backend: the status line names
// what runs, from what the UI can see (the shell reports no progress inside a
// call): reading the photo while `load_photo` runs, searching while
// `search_photo` runs, then the count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { dropFile } from "./photos.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const status = () => page.getByTestId("search-status");
const stage = () => status().getAttribute("data-stage");
const hold = (command) => page.evaluate((c) => window.zhaohuoFake.hold(c), command);
const release = (command) => page.evaluate((c) => window.zhaohuoFake.release(c), command);
const held = (command) => page.waitForFunction((c) => window.zhaohuoFake.waiting(c) === 1, command);

test("reading, then searching, then the count", async () => {
  assert.equal(await stage(), "idle");
  await hold("load_photo");
  await hold("search_photo");
  await dropFile(page, "[data-testid=dropzone]");
  await held("load_photo");
  assert.equal(await stage(), "reading");
  assert.equal(await status().innerText(), "Reading the dropped photo…");
  await release("load_photo");
  await held("search_photo");
  assert.equal(await stage(), "searching");
  assert.equal(await status().innerText(), "Searching 1688… (Photo file, 400×300 PNG)");
  assert.equal(await page.getByTestId("stop-search").count(), 1, "a running search can be stopped");
  await release("search_photo");
  await page.waitForFunction(() => document.querySelector("[data-testid=search-status]").dataset.stage === "idle");
  assert.equal(await status().innerText(), "12 offers of 40 from demo.");
});

test("Stop ends the stage", async () => {
  await hold("search_photo");
  await dropFile(page, "[data-testid=dropzone]");
  await held("search_photo");
  assert.equal(await stage(), "searching");
  await page.getByTestId("stop-search").click();
  assert.equal(await stage(), "idle");
  assert.equal(await status().innerText(), "Stopped.");
});
