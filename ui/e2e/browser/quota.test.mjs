// The quota meter in Chromium over the fake backend: today's API calls of the
// active profile at the end of Search's status line, asked again after each
// search and More (a cached answer costs nothing), with a bar against the
// day's quota when the profile names one, in the warning colour from 90 %,
// and asked again when the active profile changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { seriousViolations } from "./axe.mjs";
import { dropAndSearch } from "./photos.mjs";
import { waitFor } from "../wait.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

const meter = () => page.getByTestId("quota-meter");
/** Waits until the meter reads `text`. */
const reads = (text) => waitFor(async () => (await meter().innerText()).trim() === text, { what: `the meter reading "${text}"` });
const more = async () => {
  const n = await page.evaluate(() => window.zhaohuoFake.argsOf("count_calls").length);
  await page.getByTestId("more-results").click();
  await page.waitForFunction((n) => window.zhaohuoFake.argsOf("count_calls").length > n, n);
};

test("the meter counts the demo profile's calls today, and says the day is China's", async () => {
  await reads("0 calls today");
  assert.equal(await page.getByTestId("quota-bar").count(), 0, "no bar without a quota");
  assert.match(await meter().getAttribute("title"), /^Calls to the 1688 API by the active profile on \d{4}-\d\d-\d\d \(1688's day\)\. The count starts again at midnight China time \(GMT\+8\)\.$/);
});

test("it goes up after a search and after More, not for an answer from the cache", async () => {
  await dropAndSearch(page);
  await reads("1 call today");
  await more();
  await reads("2 calls today");
  const asked = await page.evaluate(() => window.zhaohuoFake.argsOf("count_calls").length);
  await dropAndSearch(page); // the same photo, crop and query: the local cache answers
  await page.waitForFunction((n) => window.zhaohuoFake.argsOf("count_calls").length > n, asked);
  await reads("2 calls today");
});

test("with a daily quota it shows a bar, in the warning colour from 90 %", async () => {
  await page.evaluate(() => {
    window.zhaohuoFake.store.quotas.demo = 500;
    window.zhaohuoFake.store.usage.demo = 447;
  });
  await more();
  await reads("448 / 500 calls today");
  assert.equal(await meter().getAttribute("data-level"), "ok");
  const fill = page.locator("[data-testid=quota-bar] > *");
  const [bar, filled] = [await page.getByTestId("quota-bar").boundingBox(), await fill.boundingBox()];
  assert.ok(Math.abs(filled.width / bar.width - 448 / 500) < 0.03, `the bar is ${filled.width}/${bar.width} full`);
  assert.match(await meter().getAttribute("title"), /Its plan allows 500 a day\.$/);
  const okColour = await meter().evaluate((el) => getComputedStyle(el).color);
  await page.evaluate(() => (window.zhaohuoFake.store.usage.demo = 449));
  await more();
  await reads("450 / 500 calls today");
  assert.equal(await meter().getAttribute("data-level"), "warn");
  const [warnColour, warnVar] = await meter().evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).getPropertyValue("--warn").trim()]);
  assert.notEqual(warnColour, okColour);
  const hex = (rgb) => "#" + rgb.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, "0")).join("");
  assert.equal(hex(warnColour), warnVar, "the warning colour");
  assert.deepEqual(await seriousViolations(page), []);
});

test("it reads in Chinese", async () => {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("language").selectOption("zh");
  await page.getByTestId("nav-search").click();
  await reads("今日已调用 450 / 500 次");
  assert.match(await meter().getAttribute("title"), /计数在中国时间（GMT\+8）午夜清零。/);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("language").selectOption("en");
  await page.getByTestId("nav-search").click();
  await reads("450 / 500 calls today");
});

test("another active profile has its own count", async () => {
  await page.evaluate(() => (window.zhaohuoFake.store.usage["1688-open"] = 3));
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("use-1688-open").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=use-1688-open]")?.disabled);
  await page.getByTestId("nav-search").click();
  await reads("3 calls today");
  assert.equal(await page.getByTestId("quota-bar").count(), 0);
  await page.getByTestId("photo-frame").focus();
  await page.keyboard.press("Enter"); // search the photo again, now with 1688-open: not in its cache
  await reads("4 calls today");
});
