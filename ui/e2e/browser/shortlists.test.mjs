// Shortlists in Chromium over the fake backend: an offer kept from a search,
// then the open list renamed, annotated and deleted, and its item annotated,
// moved to another list and opened on 1688. Each test starts from a fresh page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf, dropFile } from "./photos.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const detail = () => page.getByTestId("shortlist-detail");
const row = (name) => page.getByTestId("shortlist").filter({ hasText: name });
const waitCalls = (command, n) => page.waitForFunction(([c, n]) => window.zhaohuoFake.argsOf(c).length === n, [command, n]);

/** Searches, keeps the first offer on a new list ("Shortlist 1") and opens that list. */
async function keepFirstOffer() {
  await dropFile(page, "[data-testid=dropzone]");
  await page.getByTestId("offer").first().waitFor();
  const offer = page.getByTestId("offer").first();
  const title = await offer.getByTestId("offer-open").innerText();
  await offer.getByTestId("shortlist-picker").selectOption("new");
  await offer.locator("option", { hasText: "★ On Shortlist 1" }).waitFor({ state: "attached" });
  await page.getByTestId("nav-shortlists").click();
  await row("Shortlist 1").click();
  const item = detail().getByTestId("shortlist-item");
  await item.waitFor();
  assert.equal(await detail().getByTestId("shortlist-name").innerText(), "Shortlist 1");
  const [added] = await callsOf(page, "add_to_shortlist");
  return { title, list: added.list, item: Number(await item.getAttribute("data-item-id")) };
}

test("Rename saves the new name on Enter and shows it; Escape cancels", async () => {
  const { list } = await keepFirstOffer();
  await detail().getByTestId("rename-list").click();
  const input = detail().getByTestId("rename-input");
  assert.equal(await input.inputValue(), "Shortlist 1", "the input starts with the name");
  await input.fill("Summer tees");
  await input.press("Enter");
  await waitCalls("rename_shortlist", 1);
  assert.deepEqual((await callsOf(page, "rename_shortlist"))[0], { id: list, name: "Summer tees" });
  await page.waitForFunction(() => document.querySelector("[data-testid=shortlist-name]")?.textContent === "Summer tees");
  await row("Summer tees").waitFor();
  assert.equal(await page.getByTestId("error").count(), 0);

  await detail().getByTestId("rename-list").click();
  await detail().getByTestId("rename-input").fill("Never saved");
  await detail().getByTestId("rename-input").press("Escape");
  assert.equal(await detail().getByTestId("shortlist-name").innerText(), "Summer tees");
  assert.equal((await callsOf(page, "rename_shortlist")).length, 1, "Escape saves nothing");
});

test("an empty name is refused with the store's error and its hint, and the input stays open", async () => {
  const { list } = await keepFirstOffer();
  await detail().getByTestId("rename-list").click();
  await detail().getByTestId("rename-input").fill("   ");
  await detail().getByTestId("rename-save").click();
  const error = page.getByTestId("shortlists-status").getByTestId("error");
  await error.waitFor();
  assert.deepEqual((await callsOf(page, "rename_shortlist"))[0], { id: list, name: "   " });
  assert.equal(await error.getAttribute("data-kind"), "store.invalid");
  assert.match(await error.innerText(), /a shortlist name must have 1–200 characters/);
  assert.match(await page.getByTestId("error-hint").innerText(), /Correct the value as the message says/);
  assert.equal(await detail().getByTestId("rename-input").count(), 1, "the buyer can correct the name");
  await detail().getByTestId("rename-cancel").click();
  assert.equal(await detail().getByTestId("shortlist-name").innerText(), "Shortlist 1");
  assert.equal(await page.getByTestId("error").count(), 0, "Cancel clears the error");
});

test("the list's notes are saved when the field is left and come back with the list", async () => {
  const { list } = await keepFirstOffer();
  const notes = detail().getByTestId("shortlist-notes");
  await notes.fill("For the autumn order: under ¥15, MOQ ≤ 50");
  await notes.press("Tab");
  await waitCalls("set_shortlist_notes", 1);
  assert.deepEqual((await callsOf(page, "set_shortlist_notes"))[0], { id: list, notes: "For the autumn order: under ¥15, MOQ ≤ 50" });
  await page.getByTestId("notice").waitFor();

  await page.getByTestId("nav-search").click();
  await page.getByTestId("nav-shortlists").click();
  await row("Shortlist 1").click();
  await detail().getByTestId("shortlist-item").waitFor();
  assert.equal(await detail().getByTestId("shortlist-notes").inputValue(), "For the autumn order: under ¥15, MOQ ≤ 50");
  const listed = await page.evaluate(() => window.zhaohuoFake.call("list_shortlists", {}));
  assert.equal(listed[0].notes, "For the autumn order: under ¥15, MOQ ≤ 50", "list_shortlists returns the notes");
});

test("an item's note is saved on change and shown when the list is opened again", async () => {
  const { item } = await keepFirstOffer();
  const note = detail().getByTestId("item-note");
  assert.equal(await note.inputValue(), "");
  await note.fill("Ask for M and L only");
  await note.press("Enter"); // a text input's change fires on Enter (and on leaving it)
  await waitCalls("set_item_note", 1);
  assert.deepEqual((await callsOf(page, "set_item_note"))[0], { item, note: "Ask for M and L only" });

  await page.getByTestId("nav-history").click();
  await page.getByTestId("nav-shortlists").click();
  await row("Shortlist 1").click();
  await detail().getByTestId("shortlist-item").waitFor();
  assert.equal(await detail().getByTestId("item-note").inputValue(), "Ask for M and L only");
});

test("Move to… takes the item to the other list and both counts follow", async () => {
  const { item, title } = await keepFirstOffer();
  assert.equal(await detail().getByTestId("item-move").isDisabled(), true, "no other list to move to yet");
  await page.getByTestId("new-list-name").fill("Samples");
  await page.getByTestId("new-list").click();
  await row("Samples").waitFor();
  assert.equal(await row("Samples").getByTestId("shortlist-count").innerText(), "0 items");
  assert.equal(await row("Shortlist 1").getByTestId("shortlist-count").innerText(), "1 item");
  const samples = Number(await row("Samples").getAttribute("data-list-id"));

  const move = detail().getByTestId("item-move");
  await page.waitForFunction(() => !document.querySelector("[data-testid=item-move]")?.disabled);
  assert.deepEqual(await move.locator("option").allInnerTexts(), ["Move to…", "Samples"], "only the other lists");
  await move.selectOption({ label: "Samples" });
  await waitCalls("move_shortlist_item", 1);
  assert.deepEqual((await callsOf(page, "move_shortlist_item"))[0], { item, to: samples });
  await detail().getByTestId("shortlist-empty").waitFor();
  assert.equal(await detail().getByTestId("shortlist-item").count(), 0, "gone from the first list");
  await page.waitForFunction(() =>
    [...document.querySelectorAll("[data-testid=shortlist]")].some((r) => /Samples/.test(r.textContent) && /1 item\b/.test(r.textContent)),
  );
  assert.equal(await row("Shortlist 1").getByTestId("shortlist-count").innerText(), "0 items");

  await row("Samples").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=shortlist-name]")?.textContent === "Samples");
  await detail().getByTestId("shortlist-item").waitFor();
  // The list's items arrive after its name: wait for the offer's title, not just its row.
  await page.waitForFunction((t) => document.querySelector("[data-testid=offer-open]")?.textContent?.trim() === t, title);
  assert.equal(await detail().getByTestId("shortlist-item").count(), 1);
  assert.equal((await detail().getByTestId("offer-open").innerText()).trim(), title, "the same offer, now in Samples");
});

test("an item's title opens its 1688 page through Rust", async () => {
  await keepFirstOffer();
  await detail().getByTestId("offer-open").click();
  await waitCalls("open_offer_page", 1);
  assert.deepEqual((await callsOf(page, "open_offer_page"))[0], { url: "https://detail.1688.com/offer/610000000000.html" });
  assert.equal(await page.getByTestId("error").count(), 0, "opening a 1688 page is not an error");
});

test("Delete list asks first; Keep it keeps the list, Delete removes it", async () => {
  const { list } = await keepFirstOffer();
  await detail().getByTestId("delete-list").click();
  assert.match(await detail().getByTestId("delete-list-question").innerText(), /Delete “Shortlist 1” and its 1 offer\?/);
  await detail().getByTestId("delete-list-cancel").click();
  assert.equal(await detail().getByTestId("delete-list-question").count(), 0);
  assert.equal((await callsOf(page, "delete_shortlist")).length, 0, "Keep it deletes nothing");

  await detail().getByTestId("delete-list").click();
  await detail().getByTestId("delete-list-confirm").click();
  await waitCalls("delete_shortlist", 1);
  assert.deepEqual((await callsOf(page, "delete_shortlist"))[0], { id: list });
  await page.getByTestId("shortlists-empty").waitFor();
  assert.equal(await detail().getByTestId("shortlist-item").count(), 0, "the detail is cleared");
  assert.match(await page.getByTestId("shortlists-status").innerText(), /Deleted “Shortlist 1”/);
});
