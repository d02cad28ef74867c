// The photo described in words in Chromium over the fake backend: the line
// under the photo and the status line say what the picture is and where it
// came from ("Screenshot from the clipboard, 1600×1000 PNG"), in the buyer's
// language, never the decoder's names. Each test starts from a fresh page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { dropFile } from "./photos.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const facts = () => page.getByTestId("photo-facts").innerText();
const status = () => page.getByTestId("search-status").innerText();

test("a dropped photo is a photo file, named with its size and format while it is searched and after", async () => {
  await page.evaluate(() => window.zhaohuoFake.hold("search_photo"));
  await dropFile(page, "[data-testid=dropzone]");
  await page.waitForFunction(() => window.zhaohuoFake.waiting("search_photo") === 1);
  assert.equal(await status(), "Searching 1688… (Photo file, 400×300 PNG)");
  assert.match(await facts(), /^Photo file, 400×300 PNG\. Drag on the photo/);
  await page.evaluate(() => window.zhaohuoFake.release("search_photo"));
  await page.getByTestId("offer").first().waitFor();
  assert.match(await facts(), /^Photo file, 400×300 PNG\./);
});

test("a pasted screenshot is a screenshot from the clipboard", async () => {
  await page.evaluate(async () => {
    const data = new DataTransfer();
    data.items.add(new File([await window.makeScreenshot()], "image.png", { type: "image/png" }));
    document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.getByTestId("offer").first().waitFor();
  assert.match(await facts(), /^Screenshot from the clipboard, 1600×1000 PNG\./);
});

test("a sample reads as a JPEG photo file, and in Chinese after a language switch", async () => {
  await page.getByTestId("sample").first().click();
  await page.getByTestId("offer").first().waitFor();
  assert.match(await facts(), /^Photo file, \d+×\d+ JPEG\./);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("language").selectOption("zh");
  await page.getByTestId("nav-search").click();
  assert.match(await facts(), /^照片文件，\d+×\d+ JPEG。在图片上拖动/);
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("language").selectOption("en");
});
