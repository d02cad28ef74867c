// A photo from a link in a Chinese window: the error's hint is the catalogue's Chinese one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";

let page;
useFakeApp({ freshPage: false, locale: "zh-CN", onPage: (p) => (page = p) });

test("in Chinese, a link Rust will not fetch gets the Chinese hint", async () => {
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData("text/plain", "http://cbu01.alicdn.com/img/ibank/shirt.png");
    document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "link.not_https");
  const hint = await page.getByTestId("error-hint").innerText();
  assert.match(hint, /[\u4e00-\u9fff]/, "the hint is in Chinese");
  assert.doesNotMatch(hint, /https address/);
});

test("in Chinese, a photo from a link is named so under the photo", async () => {
  await page.evaluate(async () => {
    const url = "https://cbu01.alicdn.com/img/ibank/shirt.png";
    window.zhaohuoFake.system.web[url] = await window.makePng();
    const data = new DataTransfer();
    data.setData("text/uri-list", url);
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.getByTestId("offer").first().waitFor();
  assert.match(await page.getByTestId("photo-facts").innerText(), /^链接中的图片，400×300 PNG。/);
});
