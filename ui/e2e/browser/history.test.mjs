// History in Chromium over the fake backend: the find box narrows past
// searches through `find_in_history`, and a search can be deleted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf, dropFile } from "./photos.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

async function searchTwice() {
  for (let i = 0; i < 2; i++) {
    await dropFile(page, "[data-testid=dropzone]");
    await page.waitForFunction((n) => window.zhaohuoFake.argsOf("search_photo").length === n, i + 1);
    await page.getByTestId("offer").first().waitFor();
  }
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-item").nth(1).waitFor();
}

test("the find box narrows History to matching searches and says when nothing matches", async () => {
  await searchTwice();
  const find = page.getByTestId("history-find");
  await find.fill("纯棉");
  await page.waitForFunction(() => window.zhaohuoFake.argsOf("find_in_history").length === 1);
  assert.deepEqual((await callsOf(page, "find_in_history"))[0], { text: "纯棉" });
  assert.equal(await page.getByTestId("history-item").count(), 2);

  await find.fill("不存在的东西");
  await page.getByTestId("history-no-match").waitFor();
  assert.equal(await page.getByTestId("history-item").count(), 0);
  assert.match(await page.getByTestId("history-no-match").innerText(), /不存在的东西/);

  await find.fill("");
  await page.getByTestId("history-item").nth(1).waitFor();
  assert.equal(await page.getByTestId("history-item").count(), 2, "an empty box shows everything again");
});

test("deleting a search removes it from History", async () => {
  await searchTwice();
  const first = page.getByTestId("history-item").first();
  const id = Number(await first.getAttribute("data-search-id"));
  await first.getByTestId("history-delete").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=history-item]").length === 1);
  assert.deepEqual((await callsOf(page, "delete_search")).at(-1), { id });
  const left = await page.getByTestId("history-item").first().getAttribute("data-search-id");
  assert.notEqual(Number(left), id);
});
