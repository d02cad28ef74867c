// The language the APIs are asked to translate titles into (`lang`, 1688's
// cross-border `country`) follows the UI language, in Chromium over the fake:
// English at first (the system's), Chinese once Settings switches to it,
// English again after switching back, with no restart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf, dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

const langs = async () => (await callsOf(page, "search_photo")).map((a) => a.request.query.lang);

async function switchTo(locale, searchLabel) {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("language").selectOption(locale);
  await page.waitForFunction((label) => document.querySelector("[data-testid=nav-search]").textContent.includes(label), searchLabel);
  await page.getByTestId("nav-search").click();
}

test("a search asks for titles in the UI language: en, then zh after switching to Chinese, then en again", async () => {
  await dropAndSearch(page);
  assert.deepEqual(await langs(), ["en"]);

  await switchTo("zh", "找货");
  await dropAndSearch(page);
  assert.deepEqual(await langs(), ["en", "zh"]);
  assert.equal((await callsOf(page, "search_photo")).at(-1).request.query.lang, "zh");

  await switchTo("en", "Search");
  await dropAndSearch(page);
  assert.deepEqual(await langs(), ["en", "zh", "en"]);
});
