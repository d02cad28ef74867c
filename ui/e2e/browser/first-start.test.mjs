// First start on a Chinese system: the window opens in Chinese without being told.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";

let page;
useFakeApp({ freshPage: false, locale: "zh-CN", onPage: (p) => (page = p) });

test("the window starts in the system's language", async () => {
  assert.match(await page.getByTestId("dropzone").innerText(), /拖入商品图片/);
  assert.equal(await page.getByTestId("nav-history").innerText(), "历史");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
  await page.getByTestId("nav-settings").click();
  assert.equal(await page.getByTestId("language").inputValue(), "zh");
});
