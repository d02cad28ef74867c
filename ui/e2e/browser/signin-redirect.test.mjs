// Where 1688 sends the browser back after "Sign in with 1688", in Settings over
// the fake backend: this computer's one-shot listener on 127.0.0.1 with the
// port shown and editable (its address shown, copyable, and the call carrying
// that port; the waiting line names it), or the app's registered https
// redirect address (checked, carried by the call, then the buyer pastes the
// code to finish). The choice is remembered, has no serious axe violation, and
// reads in English and Chinese.
import { beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";
import { seriousViolations } from "./axe.mjs";
import { waitFor } from "../wait.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const signinUrlArgs = () => page.evaluate(() => window.zhaohuoFake.argsOf("sign_in_url"));
const text = (testid) => page.getByTestId(testid).innerText();
const stateIs = (state) => page.waitForFunction((s) => document.querySelector("[data-testid=signin-state]")?.dataset.state === s, state);

// The preferences outlive a reload: each test starts from none (English, the default redirect).
beforeEach(async () => {
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId("dropzone").waitFor();
});

async function openSettings() {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("signin-redirect").waitFor();
  await stateIs("signedOut");
}

async function axeClean(where) {
  const found = await seriousViolations(page);
  assert.deepEqual(found, [], `${where}: no serious or critical axe violations`);
}

test("the loopback listener is the default: port 17688, its address shown with a hint to register it", async () => {
  await openSettings();
  assert.equal(await page.getByTestId("signin-via-loopback").isChecked(), true);
  assert.equal(await page.getByTestId("signin-port").inputValue(), "17688");
  assert.equal(await text("signin-callback"), "http://127.0.0.1:17688/callback");
  assert.equal(
    await text("signin-loopback-hint"),
    "Register exactly this address as your app's redirect URI on the 1688 Open Platform console.",
  );
  assert.equal(await page.getByTestId("signin-redirect-uri").count(), 0, "no address field for the loopback listener");
  await axeClean("Settings, loopback chosen");
});

test("an edited port is shown in the address, copied, carried by the call, and named while waiting", async () => {
  await openSettings();
  await page.getByTestId("signin-port").fill("20000");
  assert.equal(await text("signin-callback"), "http://127.0.0.1:20000/callback");

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
  await page.getByTestId("signin-copy").click();
  await waitFor(async () => (await text("signin-copy-status")) === "Address copied.", { what: "the copy notice" });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "http://127.0.0.1:20000/callback");

  await page.evaluate(() => window.zhaohuoFake.hold("finish_sign_in"));
  await page.getByTestId("signin-start").click();
  await page.getByTestId("signin-cancel").waitFor();
  assert.deepEqual(await signinUrlArgs(), [{ profile: "1688-open", redirect: { kind: "loopback", port: 20000 } }]);
  assert.equal(await text("signin-listening"), "Zhaohuo listens on 127.0.0.1, port 20000, for the browser to come back.");
  assert.match(await text("signin-status"), /Approve Zhaohuo in the browser window that opened/);
  assert.equal(await page.getByTestId("signin-port").isDisabled(), true, "the choice waits with the sign-in");
  await axeClean("Settings, waiting on the loopback port");

  // The fake "browser" comes back to the listener.
  await page.evaluate(() => window.zhaohuoFake.release("finish_sign_in"));
  await stateIs("signedIn");
  assert.equal(await text("signin-status"), "Signed in.");
  assert.equal(await page.getByTestId("signin-listening").count(), 0);
});

test("a port outside 1024–65535 says why and starts nothing", async () => {
  await openSettings();
  for (const [typed, error] of [
    ["80", "Use a port from 1024 to 65535."],
    ["70000", "Use a port from 1024 to 65535."],
    ["12a", "The port is a whole number."],
  ]) {
    await page.getByTestId("signin-port").fill(typed);
    assert.equal(await text("signin-port-error"), error);
    assert.equal(await page.getByTestId("signin-port").getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByTestId("signin-callback").count(), 0, "no address for a wrong port");
  }
  await page.getByTestId("signin-port").fill("");
  assert.equal(await page.getByTestId("signin-port-error").count(), 0, "an empty field is not scolded before Start");
  await page.getByTestId("signin-start").click();
  assert.equal(await text("signin-port-error"), "Enter a port.");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "signin-port");
  assert.deepEqual(await signinUrlArgs(), []);
  await axeClean("Settings, a wrong port");
});

test("the app's registered address: checked, carried by the call, then the pasted code finishes", async () => {
  await openSettings();
  await page.getByTestId("signin-via-manual").check();
  assert.equal(await page.getByTestId("signin-port").count(), 0);
  const field = page.getByTestId("signin-redirect-uri");
  await field.fill("http://shop.example.com/1688/callback");
  assert.equal(await text("signin-uri-error"), "Enter an https address, e.g. https://example.com/callback.");
  await page.getByTestId("signin-start").click();
  assert.deepEqual(await signinUrlArgs(), [], "a wrong address starts nothing");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "signin-redirect-uri");

  await field.fill("https://shop.example.com/1688/callback");
  assert.equal(await page.getByTestId("signin-uri-error").count(), 0);
  await page.getByTestId("signin-start").click();
  await page.getByTestId("signin-cancel").waitFor();
  assert.deepEqual(await signinUrlArgs(), [{ profile: "1688-open", redirect: { kind: "manual", redirectUri: "https://shop.example.com/1688/callback" } }]);
  assert.equal(
    await text("signin-status"),
    "After approving in the browser, paste the code, or the whole address the browser showed, below and choose Finish sign-in.",
  );
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "signin-paste", "the paste field is ready");
  assert.equal(await page.getByTestId("signin-listening").count(), 0, "nothing listens for a registered address");
  assert.deepEqual(await page.evaluate(() => window.zhaohuoFake.argsOf("finish_sign_in")), [], "no wait on a listener");
  await axeClean("Settings, waiting for the pasted code");

  await page.getByTestId("signin-paste").fill("https://shop.example.com/1688/callback?code=abc123&state=fake");
  await page.getByTestId("signin-finish").click();
  await stateIs("signedIn");
  assert.equal(await text("signin-status"), "Signed in.");
  assert.deepEqual(await page.evaluate(() => window.zhaohuoFake.argsOf("finish_sign_in")), [
    { profile: "1688-open", pasted: "https://shop.example.com/1688/callback?code=abc123&state=fake" },
  ]);
  assert.equal(await page.getByTestId("signin-start").isVisible(), true);
});

test("Cancel ends a sign-in waiting for a paste", async () => {
  await openSettings();
  await page.getByTestId("signin-via-manual").check();
  await page.getByTestId("signin-redirect-uri").fill("https://shop.example.com/cb");
  await page.getByTestId("signin-start").click();
  await page.getByTestId("signin-cancel").click();
  await page.getByTestId("signin-start").waitFor();
  assert.equal(await text("signin-status"), "");
  assert.equal(await page.evaluate(() => window.zhaohuoFake.argsOf("cancel_sign_in").length), 1);
});

test("the choice, port and address are remembered after leaving Settings and after a restart", async () => {
  await openSettings();
  await page.getByTestId("signin-port").fill("23456");
  await page.getByTestId("signin-via-manual").check();
  await page.getByTestId("signin-redirect-uri").fill("https://shop.example.com/cb");

  await page.getByTestId("nav-search").click();
  await page.getByTestId("dropzone").waitFor();
  await openSettings();
  assert.equal(await page.getByTestId("signin-via-manual").isChecked(), true);
  assert.equal(await page.getByTestId("signin-redirect-uri").inputValue(), "https://shop.example.com/cb");
  await page.getByTestId("signin-via-loopback").check();
  assert.equal(await page.getByTestId("signin-port").inputValue(), "23456");

  await page.reload();
  await page.getByTestId("dropzone").waitFor();
  await openSettings();
  assert.equal(await page.getByTestId("signin-via-loopback").isChecked(), true);
  assert.equal(await text("signin-callback"), "http://127.0.0.1:23456/callback");
  await page.getByTestId("signin-start").click();
  await stateIs("signedIn");
  assert.deepEqual(await signinUrlArgs(), [{ profile: "1688-open", redirect: { kind: "loopback", port: 23456 } }]);
});

test("in Chinese: the choice, its hints, checks and waiting line, with no serious axe violation", async () => {
  await openSettings();
  await page.getByTestId("language").selectOption("zh");
  await page.waitForFunction(() => document.querySelector("[data-testid=signin-redirect] legend")?.textContent === "授权后浏览器返回到");
  assert.match(await page.getByTestId("signin-redirect").innerText(), /本机（回环地址）[\s\S]*端口[\s\S]*回调地址[\s\S]*我的应用已登记的回调地址/);
  assert.equal(await text("signin-loopback-hint"), "请在 1688 开放平台控制台中将此地址原样登记为应用的回调地址（redirect URI）。");
  await page.getByTestId("signin-port").fill("99");
  assert.equal(await text("signin-port-error"), "请使用 1024 到 65535 之间的端口。");
  await page.getByTestId("signin-port").fill("21000");
  await page.evaluate(() => window.zhaohuoFake.hold("finish_sign_in"));
  await page.getByTestId("signin-start").click();
  await page.getByTestId("signin-cancel").waitFor();
  assert.equal(await text("signin-listening"), "找货正在 127.0.0.1 的 21000 端口等待浏览器返回。");
  await axeClean("Settings in Chinese, waiting on the loopback port");
  await page.getByTestId("signin-cancel").click();
  // The listener's wait then ends as cancelled (the fake held it), which says nothing.
  await page.evaluate(() => window.zhaohuoFake.release("finish_sign_in"));
  await page.getByTestId("signin-start").waitFor();
  assert.equal(await text("signin-status"), "");

  await page.getByTestId("signin-via-manual").check();
  await page.getByTestId("signin-redirect-uri").fill("ftp://example.com");
  assert.equal(await text("signin-uri-error"), "请输入 https 地址，例如 https://example.com/callback。");
  await page.getByTestId("signin-redirect-uri").fill("https://example.com/cb");
  await page.getByTestId("signin-start").click();
  await page.getByTestId("signin-cancel").waitFor();
  assert.equal(await text("signin-status"), "在浏览器中授权后，请将授权码或浏览器显示的完整地址粘贴到下方，然后点击“完成登录”。");
  await axeClean("Settings in Chinese, waiting for the pasted code");
});
