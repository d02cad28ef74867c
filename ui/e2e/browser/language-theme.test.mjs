// Languages and themes in Chromium over the fake backend: the window starts in
// the system's language, switches in Settings without a restart (an error's
// hint included) and remembers it; the theme follows the system or the
// buyer's choice; and every place has no serious or critical axe violation,
// light and dark, in English and Chinese.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { seriousViolations } from "./axe.mjs";
import { dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: false, onPage: (p) => (page = p) });

const setSelect = (testid, value) => page.getByTestId(testid).selectOption(value);
const themeOf = () => page.evaluate(() => document.documentElement.dataset.theme);
const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test("switching to Chinese in Settings changes the window at once, error hints included, and is remembered", async () => {
  await page.getByTestId("nav-settings").click();
  await setSelect("language", "zh");
  await page.waitForFunction(() => document.querySelector("[data-testid=nav-search]").textContent.includes("找货"));
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
  assert.match(await page.locator("h1").first().innerText(), /设置/);

  await page.evaluate(() =>
    window.zhaohuoFake.failNext("list_shortlists", { kind: "store.busy", message: "the database is locked", hint: "Close other Zhaohuo windows and try again." }),
  );
  await page.getByTestId("nav-shortlists").click();
  const hint = page.getByTestId("shortlists-status").getByTestId("error-hint");
  await hint.waitFor();
  assert.equal(await hint.innerText(), " — 关闭其他找货窗口后重试。");

  await page.getByTestId("nav-search").click();
  assert.match(await page.getByTestId("dropzone").innerText(), /拖入商品图片/);
  await dropAndSearch(page);
  assert.match(await page.getByTestId("search-status").innerText(), /^12 个商品（共 40 个），来自 demo。$/);
  assert.equal(await page.getByTestId("offer").first().getByTestId("offer-match").innerText(), "相似度 97%");

  await page.reload();
  await page.getByTestId("dropzone").waitFor();
  assert.match(await page.getByTestId("dropzone").innerText(), /拖入商品图片/, "remembered after a restart");
  await page.getByTestId("nav-settings").click();
  await setSelect("language", "en");
  await page.waitForFunction(() => document.querySelector("[data-testid=nav-search]").textContent.includes("Search"));
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en-US");
});

test("the theme follows the system, and Settings can force light or dark", async () => {
  await page.emulateMedia({ colorScheme: "light" });
  assert.equal(await themeOf(), "light");
  const light = await background();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  assert.notEqual(await background(), light, "the page is dark");

  await page.getByTestId("nav-settings").click();
  await setSelect("theme", "light");
  assert.equal(await themeOf(), "light", "forced light while the system is dark");
  await page.emulateMedia({ colorScheme: "light" });
  await setSelect("theme", "dark");
  assert.equal(await themeOf(), "dark", "forced dark while the system is light");
  await page.reload();
  await page.getByTestId("dropzone").waitFor();
  assert.equal(await themeOf(), "dark", "remembered after a restart");
  await page.getByTestId("nav-settings").click();
  await setSelect("theme", "system");
  assert.equal(await themeOf(), "light");
});

/** Opens each place (Search with offers and the offer panel) and checks it with axe. */
async function checkEveryPlace(label) {
  const failures = [];
  const check = async (where) => {
    const found = await seriousViolations(page);
    if (found.length) failures.push(`${label}, ${where}:\n  ${found.join("\n  ")}`);
  };
  await page.getByTestId("nav-search").click();
  await page.getByTestId("dropzone").waitFor();
  await check("Search");
  await dropAndSearch(page);
  await check("Search with offers");
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
  await page.locator("body").click({ position: { x: 600, y: 20 } });
  await page.keyboard.press("?");
  await page.getByTestId("shortcuts").waitFor();
  await check("the shortcuts");
  await page.keyboard.press("Escape");
  return failures;
}

test("every place passes axe (no serious or critical violation), light and dark, English and Chinese", async () => {
  const failures = [];
  for (const scheme of ["light", "dark"]) {
    for (const language of ["en", "zh"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId("nav-settings").click();
      await setSelect("language", language);
      failures.push(...(await checkEveryPlace(`${scheme}, ${language}`)));
    }
  }
  await page.getByTestId("nav-settings").click();
  await setSelect("language", "en");
  assert.deepEqual(failures, []);
});
