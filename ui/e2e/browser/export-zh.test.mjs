// Export in a Chinese window: the control, the saved line and an error's hint are Chinese.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf, dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: true, locale: "zh-CN", onPage: (p) => (page = p) });

const status = () => page.getByTestId("search-status");

test("in Chinese, exporting a search names the file in Chinese words", async () => {
  await dropAndSearch(page);
  const id = Number(await page.getByTestId("offer-list").getAttribute("data-search-id"));
  const group = page.getByTestId("search-export");
  assert.equal(await group.getAttribute("aria-label"), "导出");
  assert.equal(await group.getByTestId("export-xlsx").innerText(), "Excel（.xlsx）");
  await group.getByTestId("export-xlsx").click();
  const notice = status().getByTestId("notice");
  await notice.waitFor();
  assert.deepEqual(await callsOf(page, "export_search"), [{ id, format: "xlsx" }]);
  assert.match(await notice.innerText(), new RegExp(`^已将 \\d+ 个商品保存到 zhaohuo-search-${id}\\.xlsx$`));
});

test("in Chinese, a failed export's hint is the Chinese one", async () => {
  await dropAndSearch(page);
  await page.evaluate(() => window.zhaohuoFake.failNext("export_search", { kind: "export.encode", message: "could not write the workbook", hint: null }));
  await page.getByTestId("search-export").getByTestId("export-xlsx").click();
  const error = status().getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "export.encode");
  assert.match(await status().getByTestId("error-hint").innerText(), /请改用 CSV 或 JSON，并报告此问题。$/);
});
