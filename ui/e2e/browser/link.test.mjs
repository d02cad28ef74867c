// A photo from a link, in Chromium over the fake backend (whose `system.web`
// is the internet `load_photo_url` sees): a picture's address pasted outside a
// text field, or a link dragged from a browser, is downloaded by Rust and
// searched like any photo; an address Rust will not or cannot fetch is an
// error with its hint, in the buyer's language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { callsOf } from "./photos.mjs";
import { seriousViolations } from "./axe.mjs";

const PICTURE = "https://cbu01.alicdn.com/img/ibank/shirt.png";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

/** Puts the test PNG on the fake internet at `url`. */
function publish(url) {
  return page.evaluate(async (url) => {
    window.zhaohuoFake.system.web[url] = await window.makePng();
  }, url);
}

/** Dispatches a paste on the page whose clipboardData holds `text` as plain text (as a browser's "Copy image address" leaves it). */
function pasteText(text) {
  return page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    return !document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Dispatches on `selector` a drop of a link dragged from a browser: a uri-list and its plain text, no files. */
function dropLink(selector, url) {
  return page.evaluate(
    ({ selector, url }) => {
      const data = new DataTransfer();
      data.setData("text/uri-list", `# dragged\r\n${url}`);
      data.setData("text/plain", url);
      return !document.querySelector(selector).dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { selector, url },
  );
}

async function expectPhotoFromLink(url) {
  await page.getByTestId("photo-image").waitFor();
  await page.getByTestId("offer").first().waitFor();
  assert.equal(await page.getByTestId("offer").count(), 12);
  assert.equal(await page.getByTestId("error").count(), 0);
  assert.deepEqual(await callsOf(page, "load_photo_url"), [{ url }]);
  assert.equal((await callsOf(page, "search_photo")).length, 1);
  assert.equal((await callsOf(page, "load_photo")).length + (await callsOf(page, "paste_photo")).length, 0, "no bytes nor clipboard read: the link was used");
  assert.match(await page.getByTestId("photo-facts").innerText(), /^Image from a link, 400×300 PNG\./);
}

test("a picture's https address pasted outside a text field is downloaded and searched", async () => {
  await publish(PICTURE);
  assert.ok(await pasteText(`  ${PICTURE}\n`), "the paste is taken, not left to the page");
  await expectPhotoFromLink(PICTURE);
  assert.deepEqual(await seriousViolations(page), []);
});

test("while the picture downloads, the status line says so", async () => {
  await publish(PICTURE);
  await page.evaluate(() => window.zhaohuoFake.hold("load_photo_url"));
  await pasteText(PICTURE);
  await page.waitForFunction(() => window.zhaohuoFake.waiting("load_photo_url") === 1);
  assert.equal(await page.getByTestId("search-status").innerText(), "Fetching the picture from the link…");
  assert.equal(await page.getByTestId("search-status").getAttribute("data-stage"), "reading");
  await page.evaluate(() => window.zhaohuoFake.hold("search_photo"));
  await page.evaluate(() => window.zhaohuoFake.release("load_photo_url"));
  await page.waitForFunction(() => window.zhaohuoFake.waiting("search_photo") === 1);
  assert.equal(await page.getByTestId("search-status").innerText(), "Searching 1688… (Image from a link, 400×300 PNG)");
  await page.evaluate(() => window.zhaohuoFake.release("search_photo"));
  await page.getByTestId("offer").first().waitFor();
});

test("a link dragged from a browser onto the drop zone is downloaded and searched", async () => {
  await publish(PICTURE);
  assert.ok(await dropLink("[data-testid=dropzone]", PICTURE), "the drop is cancelled, so the webview does not navigate to the link");
  await expectPhotoFromLink(PICTURE);
});

test("an http:// address is refused with the not-https error and its hint", async () => {
  const plain = "http://cbu01.alicdn.com/img/ibank/shirt.png";
  await publish(plain);
  await pasteText(plain);
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "link.not_https");
  assert.match(await page.getByTestId("error-hint").innerText(), /Copy the picture's https address/);
  assert.deepEqual(await callsOf(page, "load_photo_url"), [{ url: plain }]);
  assert.equal((await callsOf(page, "search_photo")).length, 0);
  assert.equal(await page.getByTestId("photo-image").count(), 0);
  assert.deepEqual(await seriousViolations(page), []);
});

test("an address that answers no picture is the http-status error with its hint", async () => {
  await dropLink("[data-testid=search-status]", "https://example.com/gone.png");
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "link.http_status");
  assert.match(await error.innerText(), /HTTP 404/);
  assert.match(await page.getByTestId("error-hint").innerText(), /Open the link in the browser; if the picture shows, save it and drop the file\./);
  assert.equal((await callsOf(page, "search_photo")).length, 0);
});

test("text that is not an address still goes to the clipboard read, and an address pasted into a text field stays there", async () => {
  await pasteText("纯棉短袖T恤");
  await page.getByTestId("notice").waitFor();
  assert.equal((await callsOf(page, "load_photo_url")).length, 0);
  assert.equal((await callsOf(page, "paste_photo")).length, 1);

  await page.evaluate(() => {
    const input = document.createElement("input");
    input.dataset.testid = "a-field";
    document.querySelector("[data-testid=results]").append(input);
  });
  const typed = await page.evaluate((url) => {
    const data = new DataTransfer();
    data.setData("text/plain", url);
    return document.querySelector("[data-testid=a-field]").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, PICTURE);
  assert.ok(typed, "the field's paste is not cancelled");
  assert.equal((await callsOf(page, "load_photo_url")).length, 0);
});
