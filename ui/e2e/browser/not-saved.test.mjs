// Offers history could not save, in Chromium over the fake backend: the shell
// still sends them (they cost a call) with `notSaved`, the reason. Search lists
// them and says, above them, that History will not have them, with the
// message and the hint for the error's kind; More results still works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { seriousViolations } from "./axe.mjs";
import { dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

const box = () => page.getByTestId("not-saved");
const offers = () => page.getByTestId("offer").count();

test("a search history could not save lists its offers with the reason and what to do", async () => {
  await page.evaluate(() =>
    window.zhaohuoFake.notSavedNext({ kind: "store.disk", message: "database or disk is full", hint: "Free some disk space and try again." }),
  );
  await dropAndSearch(page);
  assert.equal(await offers(), 12, "the offers are shown");
  await box().waitFor();
  assert.equal(await box().getAttribute("role"), "alert");
  assert.match(await box().innerText(), /^History could not save these offers/);
  const error = box().getByTestId("error");
  assert.equal(await error.getAttribute("data-kind"), "store.disk");
  assert.equal(await error.getAttribute("data-remedy"), "computer", "the fix lies on this computer");
  assert.equal(await error.innerText(), "database or disk is full");
  assert.equal((await box().getByTestId("error-hint").innerText()).trim(), "— Free some disk space and check the data folder is writable.");
  assert.ok(Number(await page.getByTestId("offer-list").getAttribute("data-search-id")) < 0, "an id that is no history row");
  assert.match(await page.getByTestId("search-status").innerText(), /^12 offers of 40 from demo\.$/);
});

test("it passes axe, and says it in Chinese too", async () => {
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("language").selectOption("zh");
  await page.getByTestId("nav-search").click();
  await box().waitFor();
  assert.match(await box().innerText(), /^历史记录无法保存这些商品/);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("language").selectOption("en");
  await page.getByTestId("nav-search").click();
  await box().waitFor();
});

test("More results still works, and the reason stays with the offers", async () => {
  await page.getByTestId("more-results").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=offer]").length === 24);
  assert.equal(await box().count(), 1);
  const more = await page.evaluate(() => window.zhaohuoFake.argsOf("search_more").at(-1).searchId);
  assert.ok(more < 0, "More continued the unsaved search");
});

test("History does not have it, and the next search, saved, says nothing", async () => {
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-empty").waitFor();
  await page.getByTestId("nav-search").click();
  await dropAndSearch(page);
  assert.equal(await box().count(), 0);
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-item").first().waitFor();
  await page.getByTestId("nav-search").click();
});
