// "Sign in with 1688" and "Test connection" in Settings over the fake backend:
// the sign-in status in words (member, access and sign-in ends), the loopback
// sign-in waiting until the browser comes back (Rust opens it; the webview
// opens nothing), a pasted code or address, signing out, and each check of
// the connection report in words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const fake = (fn, ...args) => page.evaluate(fn, ...args);
const signinState = () => page.getByTestId("signin-state");

async function openSettings() {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("signin").waitFor();
  await page.waitForFunction(() => document.querySelector("[data-testid=signin-state]")?.dataset.state === "signedOut");
}

test("only the 1688 Open Platform profile offers sign-in, signed out at first", async () => {
  await openSettings();
  assert.equal(await page.getByTestId("profile-1688-open").getByTestId("signin").count(), 1);
  assert.equal(await page.getByTestId("signin").count(), 1);
  assert.equal(await signinState().innerText(), "Not signed in.");
  assert.equal(await page.getByTestId("signin-out").isDisabled(), true);
});

test("Sign in with 1688 waits for the browser, then shows the member and both ends", async () => {
  await openSettings();
  await fake(() => window.zhaohuoFake.hold("finish_sign_in"));
  await page.getByTestId("signin-start").click();
  await page.getByTestId("signin-cancel").waitFor();
  assert.match(await page.getByTestId("signin-status").innerText(), /Approve Zhaohuo in the browser window that opened/);
  const started = await fake(() => window.zhaohuoFake.argsOf("sign_in_url"));
  assert.deepEqual(started, [{ profile: "1688-open", redirect: { kind: "loopback", port: 17688 } }]);
  assert.deepEqual(await fake(() => window.zhaohuoFake.argsOf("finish_sign_in")), [{ profile: "1688-open", pasted: null }]);
  assert.equal(await page.evaluate(() => window.zhaohuoFake.calls.filter((c) => c.command === "open_offer_page").length), 0);

  await fake(() => window.zhaohuoFake.release("finish_sign_in"));
  await page.waitForFunction(() => document.querySelector("[data-testid=signin-state]")?.dataset.state === "signedIn");
  const line = await signinState().innerText();
  assert.match(line, /^Signed in as b2b-fake-buyer · access valid until .+ · sign-in valid until .+$/);
  const year = String(new Date().getFullYear());
  assert.ok(line.includes(year) || line.includes(String(Number(year) + 1)), line);
  assert.equal(await page.getByTestId("signin-status").innerText(), "Signed in.");
  assert.equal(await page.getByTestId("signin-start").isVisible(), true);

  await page.getByTestId("signin-out").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=signin-state]")?.dataset.state === "signedOut");
  assert.equal(await page.getByTestId("signin-status").innerText(), "Signed out.");
});

test("a pasted address finishes the sign-in; a failure shows its message", async () => {
  await openSettings();
  await page.getByTestId("signin-paste").fill("http://127.0.0.1:17688/callback?code=abc");
  await page.getByTestId("signin-finish").click();
  const status = page.getByTestId("signin-status").getByTestId("error");
  await status.waitFor();
  assert.equal(await status.getAttribute("data-kind"), "signin.not_started");

  await fake(() => window.zhaohuoFake.hold("finish_sign_in"));
  await page.getByTestId("signin-start").click();
  await page.getByTestId("signin-cancel").waitFor();
  await page.getByTestId("signin-paste").fill("http://127.0.0.1:17688/callback?code=abc&state=fake");
  await page.getByTestId("signin-finish").click();
  await page.waitForFunction(() => window.zhaohuoFake.waiting("finish_sign_in") === 2);
  // The pasted answer first; the loopback wait then ends as cancelled, which leaves the status alone.
  await fake(() => window.zhaohuoFake.release("finish_sign_in", "newest"));
  await page.waitForFunction(() => document.querySelector("[data-testid=signin-state]")?.dataset.state === "signedIn");
  await fake(() => window.zhaohuoFake.release("finish_sign_in"));
  await page.getByTestId("signin-start").waitFor();
  assert.equal(await page.getByTestId("signin-status").innerText(), "Signed in.");
  const pasted = (await fake(() => window.zhaohuoFake.argsOf("finish_sign_in"))).map((a) => a.pasted);
  assert.ok(pasted.includes("http://127.0.0.1:17688/callback?code=abc&state=fake"), JSON.stringify(pasted));
  assert.equal(await page.getByTestId("signin-paste").inputValue(), "");
});

test("a token pasted by hand says so", async () => {
  await fake(() =>
    window.zhaohuoFake.setHandler("sign_in_status", ({ profile }) => ({
      profile,
      state: "pastedToken",
      memberId: null,
      accessExpiresAtMs: null,
      refreshExpiresAtMs: null,
      pendingPort: null,
    })),
  );
  await page.getByTestId("nav-settings").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=signin-state]")?.dataset.state === "pastedToken");
  assert.equal(await signinState().innerText(), "Token pasted by hand (used as it is, never renewed)");
});

test("Test connection shows each check in words, in English and Chinese", async () => {
  await openSettings();
  await page.getByTestId("test-connection").click();
  await page.getByTestId("connection-report").waitFor();
  const words = async () =>
    Object.fromEntries(
      await Promise.all(
        ["reachable", "signature", "token", "imageSearch", "keywordSearch", "offerDetails"].map(async (c) => [c, await page.getByTestId(`check-${c}`).innerText()]),
      ),
    );
  assert.deepEqual(await words(), {
    reachable: "yes",
    signature: "yes",
    token: "could not tell",
    imageSearch: "yes",
    keywordSearch: "no (code gw.APIACLDecline, HTTP 401, request fake-req-1)",
    offerDetails: "not part of this API",
  });
  assert.equal(await page.getByTestId("check-keywordSearch").getAttribute("data-status"), "failed");
  assert.equal(await page.getByTestId("connection-calls").innerText(), "3 API calls made (counted in today's quota).");
  assert.match(await page.getByTestId("connection-report").innerText(), /Gateway reachable[\s\S]*Offer details/);

  await page.getByTestId("language").selectOption("zh");
  await page.waitForFunction(() => document.querySelector("[data-testid=check-reachable]")?.textContent === "是");
  assert.equal(await page.getByTestId("check-keywordSearch").innerText(), "否（错误码 gw.APIACLDecline，HTTP 401，请求 fake-req-1）");
  assert.equal(await page.getByTestId("connection-calls").innerText(), "共调用 API 3 次（计入今日配额）。");
  await page.getByTestId("language").selectOption("en");
});
