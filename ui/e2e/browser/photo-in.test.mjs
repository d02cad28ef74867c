// Every way a photo gets in, in Chromium over the fake backend: a drop anywhere
// in the window, a paste carrying the image, Ctrl+V that falls back to Rust's
// clipboard read (`paste_photo`), and Open… (`open_photo`). Each test starts
// from a fresh page, so the fake's recorded calls are that test's alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf, dropFile } from "./photos.mjs";
import { drain } from "../wait.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });
let clockInstalled = false;
/**
 * Puts the page's timers on Playwright's clock (in step with real time until
 * a test moves it), so a test can fire the Ctrl+V fallback timer at once.
 * Installed once per browser context, before the test acts.
 */
async function useClock() {
  if (!clockInstalled) await page.clock.install();
  clockInstalled = true;
}

/** Fires every page timer due within the next second, then lets the page run what they queued. */
async function letASecondPass() {
  await page.clock.runFor(1000);
  await drain(page);
}

async function expectPhotoAndOffers() {
  await page.getByTestId("photo-image").waitFor();
  await page.getByTestId("offer").first().waitFor();
  assert.equal(await page.getByTestId("offer").count(), 12);
  assert.equal(await page.getByTestId("error").count(), 0);
}

/** Sets what the fake's system clipboard or Open… dialog holds: the test PNG, or null. */
function setSystem(field, png) {
  return page.evaluate(
    async ({ field, png }) => {
      window.zhaohuoFake.system[field] = png ? await window.makePng() : null;
    },
    { field, png },
  );
}

/** Dispatches a paste on `selector` whose clipboardData holds the test PNG or some text. */
function dispatchPaste(selector, kind) {
  return page.evaluate(
    async ({ selector, kind }) => {
      const data = new DataTransfer();
      if (kind === "png") data.items.add(new File([await window.makePng()], "image.png", { type: "image/png" }));
      else data.setData("text/plain", "纯棉短袖T恤");
      const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
      document.querySelector(selector).dispatchEvent(event);
    },
    { selector, kind },
  );
}

// --- drops anywhere in the window ---------------------------------------------

test("a photo dropped outside the drop zone is searched", async () => {
  const cancelled = await dropFile(page, "[data-testid=search-status]");
  assert.ok(cancelled, "the drop is cancelled, so the webview does not open the file");
  await expectPhotoAndOffers();
  const loads = await callsOf(page, "load_photo");
  assert.equal(loads.length, 1);
  assert.ok(loads[0].body > 100, "the PNG's bytes went to load_photo");
});

test("a photo dropped on another place switches to Search and is searched", async () => {
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-empty").waitFor();
  await dropFile(page, "[data-testid=history-empty]");
  await expectPhotoAndOffers();
  assert.equal(await page.getByTestId("nav-search").getAttribute("aria-current"), "page");
});

test("a non-image dropped anywhere gets the clear error", async () => {
  const cancelled = await dropFile(page, "nav", "text");
  assert.ok(cancelled);
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "ui.not_image");
  assert.match(await page.getByTestId("search-status").innerText(), /not an image file — Drop a JPEG, PNG/);
  assert.equal((await callsOf(page, "load_photo")).length, 0);
});

test("dragover is cancelled window-wide for files, but text may still be dragged into a text field", async () => {
  const cancelled = await page.evaluate(() => {
    const files = new DataTransfer();
    files.items.add(new File(["x"], "a.png", { type: "image/png" }));
    const over = (el, data) => !el.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
    const input = document.createElement("input");
    document.querySelector("[data-testid=results]").append(input);
    const text = new DataTransfer();
    text.setData("text/plain", "hello");
    return { nav: over(document.querySelector("nav"), files), input: over(input, text) };
  });
  assert.deepEqual(cancelled, { nav: true, input: false });
});

// --- paste --------------------------------------------------------------------

test("a paste carrying an image file shows the photo and lists offers", async () => {
  await dispatchPaste("body", "png");
  await expectPhotoAndOffers();
  assert.equal((await callsOf(page, "load_photo")).length, 1, "the pasted bytes went to load_photo");
  assert.equal((await callsOf(page, "paste_photo")).length, 0, "Rust was not asked for the clipboard");
});

test("Ctrl+V without an image in the page asks the backend for the clipboard", async () => {
  await useClock();
  await setSystem("clipboard", true);
  await page.locator("body").click({ position: { x: 600, y: 700 } });
  await page.keyboard.press("Control+V");
  await expectPhotoAndOffers();
  await letASecondPass(); // a second, late ask would show up here
  assert.equal((await callsOf(page, "paste_photo")).length, 1);
  assert.equal((await callsOf(page, "load_photo")).length, 0);
  assert.equal((await callsOf(page, "search_photo")).length, 1);
});

test("Ctrl+V with no paste event at all (as a webview may do outside fields) still asks the backend", async () => {
  await page.evaluate(() => window.addEventListener("paste", (e) => e.stopImmediatePropagation(), true));
  await setSystem("clipboard", true);
  await page.locator("body").click({ position: { x: 600, y: 700 } });
  await page.keyboard.press("Control+V");
  await expectPhotoAndOffers();
  assert.equal((await callsOf(page, "paste_photo")).length, 1);
});

test("pasting text outside a text field gives a gentle note, not an error", async () => {
  await dispatchPaste("body", "text");
  const notice = page.getByTestId("notice");
  await notice.waitFor();
  assert.match(await notice.innerText(), /no picture on the clipboard.*Ctrl\+V/);
  assert.equal(await page.getByTestId("error").count(), 0);
  assert.equal((await callsOf(page, "paste_photo")).length, 1, "the system clipboard was checked for a screenshot");
});

test("pasting text into a text field is left to the field", async () => {
  await useClock();
  // Search has no text field yet; the rule is for any field, so add one.
  await page.evaluate(() => {
    const input = document.createElement("input");
    input.dataset.testid = "a-field";
    document.querySelector("[data-testid=results]").append(input);
  });
  await page.getByTestId("a-field").focus();
  await page.keyboard.press("Control+V");
  await dispatchPaste("[data-testid=a-field]", "text");
  // And where no paste event reaches the page, the key alone must not ask either.
  await page.evaluate(() => window.addEventListener("paste", (e) => e.stopImmediatePropagation(), true));
  await page.keyboard.press("Control+V");
  await letASecondPass(); // the fallback clipboard ask would show up here
  assert.equal((await callsOf(page, "paste_photo")).length, 0);
  assert.equal(await page.getByTestId("notice").count(), 0);
  assert.equal(await page.getByTestId("error").count(), 0);
  assert.equal(await page.getByTestId("search-status").innerText(), "");
});

// --- Open… --------------------------------------------------------------------

test("Open… loads the file picked in the dialog and searches", async () => {
  await setSystem("dialog", true);
  await page.getByTestId("open-photo").click();
  await expectPhotoAndOffers();
  assert.equal((await callsOf(page, "open_photo")).length, 1);
  assert.equal((await callsOf(page, "search_photo")).length, 1);
});

test("Open… cancelled leaves the screen as it was", async () => {
  await page.getByTestId("open-photo").click();
  await page.waitForFunction(() => window.zhaohuoFake.argsOf("open_photo").length === 1);
  await page.waitForFunction(() => document.querySelector("[data-testid=search-status]").textContent === "");
  assert.equal(await page.getByTestId("photo-image").count(), 0);
  assert.equal((await callsOf(page, "search_photo")).length, 0);
});
