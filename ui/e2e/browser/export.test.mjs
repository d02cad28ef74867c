// Export in Chromium over the fake backend: the Search results, a past search
// in History and an open shortlist saved as Excel, CSV or JSON through Rust's
// Save dialog (the fake saves under the suggested name). The status line names
// the file; a cancelled dialog says nothing; an error shows with its hint.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { seriousViolations } from "./axe.mjs";
import { callsOf, dropAndSearch } from "./photos.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const searchExport = () => page.getByTestId("search-export");
const searchStatus = () => page.getByTestId("search-status");
const waitCalls = (command, n) => page.waitForFunction(([c, n]) => window.zhaohuoFake.argsOf(c).length === n, [command, n]);
const shownId = async () => Number(await page.getByTestId("offer-list").getAttribute("data-search-id"));

test("Search: Excel exports the search on screen and the status names the file", async () => {
  await dropAndSearch(page);
  const id = await shownId();
  assert.ok(id > 0);
  const group = searchExport();
  assert.equal(await group.getAttribute("role"), "group");
  assert.equal(await group.getAttribute("aria-label"), "Export");
  assert.equal(await group.getByTestId("export-xlsx").innerText(), "Excel (.xlsx)");
  await group.getByTestId("export-xlsx").click();
  await waitCalls("export_search", 1);
  assert.deepEqual(await callsOf(page, "export_search"), [{ id, format: "xlsx" }]);
  const notice = searchStatus().getByTestId("notice");
  await notice.waitFor();
  assert.match(await notice.innerText(), new RegExp(`^Saved \\d+ offers to zhaohuo-search-${id}\\.xlsx$`));
});

test("Search: the export buttons work from the keyboard", async () => {
  await dropAndSearch(page);
  const id = await shownId();
  await searchExport().getByTestId("export-json").focus();
  await page.keyboard.press("Enter");
  await waitCalls("export_search", 1);
  assert.deepEqual(await callsOf(page, "export_search"), [{ id, format: "json" }]);
  await searchStatus().getByTestId("notice").waitFor();
  assert.match(await searchStatus().innerText(), /zhaohuo-search-\d+\.json$/);
});

test("Search: a cancelled Save dialog says nothing", async () => {
  await dropAndSearch(page);
  const before = await searchStatus().innerText();
  await page.evaluate(() => window.zhaohuoFake.setHandler("export_search", () => null));
  await searchExport().getByTestId("export-csv").click();
  await waitCalls("export_search", 1);
  await page.waitForFunction(() => document.querySelector("[data-testid=search-export]")?.getAttribute("aria-busy") === "false");
  assert.equal(await searchStatus().getByTestId("notice").count(), 0);
  assert.equal(await searchStatus().getByTestId("error").count(), 0);
  assert.equal(await searchStatus().innerText(), before, "the status line is as it was");
});

test("Search: a failed export shows the error and its hint", async () => {
  await dropAndSearch(page);
  await page.evaluate(() =>
    window.zhaohuoFake.failNext("export_search", { kind: "export.write", message: "permission denied writing the file", hint: null }),
  );
  await searchExport().getByTestId("export-xlsx").click();
  const error = searchStatus().getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "export.write");
  assert.equal(await error.innerText(), "permission denied writing the file");
  assert.match(await searchStatus().getByTestId("error-hint").innerText(), /Choose a folder you can write to/);
});

test("Search: a search history could not save offers no export", async () => {
  await page.evaluate(() =>
    window.zhaohuoFake.notSavedNext({ kind: "store.disk", message: "database or disk is full", hint: "Free some disk space and try again." }),
  );
  await dropAndSearch(page);
  await page.getByTestId("not-saved").waitFor();
  assert.equal(await searchExport().count(), 0);
});

test("Search with the export control passes axe with no serious violations", async () => {
  await dropAndSearch(page);
  await searchExport().waitFor();
  assert.deepEqual(await seriousViolations(page), []);
});

test("History: an opened past search exports as JSON", async () => {
  await dropAndSearch(page);
  const id = await shownId();
  await page.getByTestId("nav-history").click();
  await page.locator(`[data-testid=history-item][data-search-id="${id}"]`).click();
  const group = page.getByTestId("history-export");
  await group.getByTestId("export-json").click();
  await waitCalls("export_search", 1);
  assert.deepEqual(await callsOf(page, "export_search"), [{ id, format: "json" }]);
  const notice = page.getByTestId("notice");
  await notice.waitFor();
  assert.match(await notice.innerText(), new RegExp(`^Saved \\d+ offers to zhaohuo-search-${id}\\.json$`));
});

test("Shortlists: the open list exports as CSV", async () => {
  await dropAndSearch(page);
  const offer = page.getByTestId("offer").first();
  await offer.getByTestId("shortlist-picker").selectOption("new");
  await offer.locator("option", { hasText: "★ On Shortlist 1" }).waitFor({ state: "attached" });
  const [added] = await callsOf(page, "add_to_shortlist");
  await page.getByTestId("nav-shortlists").click();
  await page.getByTestId("shortlist").filter({ hasText: "Shortlist 1" }).click();
  await page.getByTestId("shortlist-item").waitFor();
  await page.getByTestId("shortlist-export").getByTestId("export-csv").click();
  await waitCalls("export_shortlist", 1);
  assert.deepEqual(await callsOf(page, "export_shortlist"), [{ id: added.list, format: "csv" }]);
  const notice = page.getByTestId("shortlists-status").getByTestId("notice");
  await notice.waitFor();
  assert.equal(await notice.innerText(), `Saved 1 offer to zhaohuo-list-${added.list}.csv`);
  assert.deepEqual(await seriousViolations(page), []);
});
