// "Sign in with 1688" in the real window, against the embedded demo gateway
// (the sandbox), which also plays 1688's OAuth pages: the buyer points the
// 1688 Open Platform profile at the sandbox (its address read from Settings),
// types the sandbox's App Key and Secret, and presses "Sign in with 1688".
// The app opens the authorize page through the OS opener (xdg-open), whose
// browser here is `fake-browser.mjs`: it follows the sandbox's 302 back to the
// app's loopback listener as a browser would. Then Settings says who is signed
// in, a dropped photo finds offers on the 1688 Open Platform profile, and
// Sign out leaves it signed out.
//
// How the opener finds that browser: `BROWSER` is set, and the helper is also
// the default http(s) handler in this test's own XDG dirs (a mimeapps.list in
// a fresh XDG_CONFIG_HOME naming a .desktop file in the fresh XDG_DATA_HOME).
// The second is needed because xdg-open asks for the x-scheme-handler before
// it looks at BROWSER, and an installed browser's system-wide mimeinfo.cache
// entry (Chromium's here) would otherwise win; gio follows the same lists.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DROP, Session, freshDataHome, startDriver } from "./driver.mjs";
import { waitFor } from "../wait.mjs";

const PROFILE = "1688-open";
/** The sandbox's fixed credentials (crates/sandbox/src/config.rs) and its one member (src/oauth.rs). */
const APP_KEY = "8688168";
const APP_SECRET = "zhaohuo-demo-secret-1688";
const SANDBOX_MEMBER_ID = "b2b-2208857561234sandbox";
/** Where the loopback redirect comes back to when the buyer names no port (core's DEFAULT_LOOPBACK_PORT). */
const CALLBACK = "http://127.0.0.1:17688/callback";

const browser = fileURLToPath(new URL("./fake-browser.mjs", import.meta.url));
const photos = fileURLToPath(new URL("../../../demo/photos/", import.meta.url));
const photo = readdirSync(photos).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort()[0];

let driver;
let session;
let browserLog;

/** Makes `fake-browser.mjs` the web browser of a fresh XDG config and data home; returns the app's environment. */
function browserEnvironment() {
  const dataHome = freshDataHome();
  const configHome = mkdtempSync(join(tmpdir(), "zhaohuo-wd-config-"));
  browserLog = join(mkdtempSync(join(tmpdir(), "zhaohuo-browser-")), "browser.log");
  mkdirSync(join(dataHome, "applications"));
  writeFileSync(
    join(dataHome, "applications", "zhaohuo-test-browser.desktop"),
    [
      "[Desktop Entry]",
      "Type=Application",
      "Name=Zhaohuo test browser",
      `Exec=${browser} %u`,
      "Terminal=false",
      "NoDisplay=true",
      "MimeType=x-scheme-handler/http;x-scheme-handler/https;",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(configHome, "mimeapps.list"),
    ["[Default Applications]", "x-scheme-handler/http=zhaohuo-test-browser.desktop", "x-scheme-handler/https=zhaohuo-test-browser.desktop", ""].join("\n"),
  );
  return { XDG_DATA_HOME: dataHome, XDG_CONFIG_HOME: configHome, BROWSER: browser, ZHAOHUO_TEST_BROWSER_LOG: browserLog };
}

/** What the browser did, one entry per step (empty until it has run). */
function browserSteps() {
  if (!existsSync(browserLog)) return [];
  return readFileSync(browserLog, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

before(async () => {
  assert.ok(photo, "demo/photos/ has a photo");
  driver = await startDriver(browserEnvironment());
  session = await Session.create(driver.base);
});

/**
 * The keychain outlives the app and is shared by every test file of a run: what
 * this test put there (the sandbox's App Key and Secret, and tokens if it failed
 * before signing out) goes again, so the files after it start as a new buyer does.
 */
const FORGET = `
  const [profile, done] = arguments;
  const invoke = window.__TAURI_INTERNALS__.invoke;
  Promise.allSettled([
    invoke("sign_out", { profile }),
    invoke("clear_credential", { profile, field: "appKey" }),
    invoke("clear_credential", { profile, field: "appSecret" }),
  ]).then((all) => done(all.filter((r) => r.status === "rejected").map((r) => JSON.stringify(r.reason))));
`;

after(async () => {
  if (session) {
    const failed = await session.executeAsync(FORGET, [PROFILE]).catch((err) => [String(err)]);
    if (failed.length) console.error(`# could not clear ${PROFILE}'s keychain entries: ${failed.join("; ")}`);
  }
  await session?.close();
  await driver?.stop();
});

/** The text of the first element matching `css`, or null. */
const textOf = (css) => session.execute(`return document.querySelector(arguments[0])?.textContent ?? null;`, [css]);

/** Fails with the message an error box under `css` shows, if one is there. */
async function noErrorIn(css) {
  const errors = await session.findAll(`${css} [data-testid=error]`);
  if (errors.length) throw new Error(`the app showed an error: ${await session.text(errors[0])}`);
}

/** Clears the field `testid` and types `text` into it as key presses. */
async function typeInto(testid, text) {
  const field = await session.find(`[data-testid=${testid}]`);
  await session.clear(field);
  await session.type(field, text);
}

test("Sign in with 1688 through the browser, search on 1688 Open Platform, sign out", async () => {
  // The demo gateway starts with the app; the sidebar names the demo catalog once it runs,
  // and Settings (which asks for its address when opened) shows where it listens.
  await waitFor(async () => /Demo catalog/.test((await textOf("[data-testid=sidebar-profile]")) ?? ""), {
    timeout: 30_000,
    interval: 200,
    what: "the demo gateway running",
  });
  await session.click(await session.find("[data-testid=nav-settings]"));
  const demoUrl = await waitFor(
    async () => {
      const text = ((await textOf("[data-testid=demo-url]")) ?? "").trim();
      if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(text)) throw new Error(`it reads ${JSON.stringify(text)}: ${await textOf("[data-testid=about]")}`);
      return text;
    },
    { timeout: 20_000, interval: 200, what: "the demo gateway's address in Settings" },
  );

  // Point the 1688 Open Platform profile at the sandbox, and give it the sandbox's app.
  await typeInto(`gateway-${PROFILE}`, demoUrl);
  await session.click(await session.find(`[data-testid=gateway-save-${PROFILE}]`));
  await waitFor(
    async () => {
      await noErrorIn("[data-testid=settings-status]");
      return (await textOf(`[data-testid=base-url-${PROFILE}]`))?.includes(demoUrl);
    },
    { timeout: 10_000, interval: 200, what: "the gateway address saved" },
  );
  for (const [field, value] of [
    ["appKey", APP_KEY],
    ["appSecret", APP_SECRET],
  ]) {
    await typeInto(`cred-${PROFILE}-${field}`, value);
    await session.click(await session.find(`[data-testid=cred-save-${PROFILE}-${field}]`));
    // The field empties once the value is in the keychain.
    await waitFor(
      async () => {
        await noErrorIn("[data-testid=settings-status]");
        return (await session.execute(`return document.querySelector(arguments[0]).value;`, [`[data-testid=cred-${PROFILE}-${field}]`])) === "";
      },
      { timeout: 10_000, interval: 200, what: `${field} saved to the keychain` },
    );
  }
  assert.match((await textOf("[data-testid=signin-state]")) ?? "", /Not signed in/);

  // Sign in: the loopback redirect (the button's way; the port is the default one).
  await session.click(await session.find("[data-testid=signin-start]"));
  const line = await waitFor(
    async () => {
      await noErrorIn("[data-testid=signin-status]");
      const state = await session.execute(`return document.querySelector("[data-testid=signin-state]")?.dataset.state ?? null;`);
      return state === "signedIn" ? textOf("[data-testid=signin-state]") : null;
    },
    { timeout: 30_000, interval: 200, what: "Settings saying signed in" },
  );
  assert.ok(line.includes(`Signed in as ${SANDBOX_MEMBER_ID}`), line);

  // The app opened the sandbox's authorize page in the browser, which came back to the app's listener.
  const steps = await waitFor(
    () => {
      const steps = browserSteps();
      return steps.some((s) => s.event === "done" || s.event === "failed") ? steps : null;
    },
    { timeout: 10_000, interval: 100, what: "the browser finishing" },
  );
  const byEvent = Object.fromEntries(steps.map((s) => [s.event, s]));
  assert.equal(byEvent.failed, undefined, JSON.stringify(steps));
  assert.equal(steps.filter((s) => s.event === "open").length, 1, "the browser was opened once");
  const opener = byEvent.open.opener?.join(" ") ?? "";
  assert.match(opener, /\b(xdg-open|gio)\b/, `the OS opener started the browser: ${opener}`);
  const authorize = new URL(byEvent.authorize.url);
  assert.equal(authorize.origin + authorize.pathname, `${demoUrl}/oauth/authorize`, "the sandbox's authorize page");
  assert.equal(authorize.searchParams.get("client_id"), APP_KEY);
  assert.equal(authorize.searchParams.get("redirect_uri"), CALLBACK);
  assert.equal(byEvent.authorize.status, 302);
  const callback = new URL(byEvent.callback.url);
  assert.equal(callback.origin + callback.pathname, CALLBACK);
  assert.equal(callback.searchParams.get("state"), authorize.searchParams.get("state"), "the sandbox sent back the app's state");
  assert.equal(byEvent.callback.status, 200);
  assert.ok(byEvent.callback.closeTab, "the app told the browser the tab can be closed");

  // Search on the 1688 Open Platform profile, signed in.
  const label = await session.execute(`return document.querySelector(arguments[0]).getAttribute("aria-label");`, [`[data-testid=profile-${PROFILE}]`]);
  await session.click(await session.find(`[data-testid=use-${PROFILE}]`));
  const sidebar = await waitFor(
    async () => {
      const text = (await textOf("[data-testid=sidebar-profile]")) ?? "";
      return text.includes(label) ? text : null;
    },
    { timeout: 10_000, interval: 200, what: `the sidebar naming ${label}` },
  );
  assert.match(sidebar, /Searching:/);
  await session.click(await session.find("[data-testid=nav-search]"));
  await session.find("[data-testid=dropzone]");
  await session.executeAsync(DROP, [photo, readFileSync(photos + photo).toString("base64")]);
  const offers = await waitFor(
    async () => {
      await noErrorIn("");
      const offers = await session.findAll("[data-testid=results] [data-testid=offer]");
      return offers.length > 0 ? offers.length : null;
    },
    { timeout: 60_000, interval: 250, what: "offers from 1688 Open Platform" },
  );
  assert.ok(offers >= 10, `offers listed: ${offers}`);

  // Sign out (the button is live once the reopened Settings has asked how the profile is signed in).
  await session.click(await session.find("[data-testid=nav-settings]"));
  await waitFor(() => session.execute(`return document.querySelector("[data-testid=signin-out]")?.disabled === false;`), {
    timeout: 10_000,
    interval: 200,
    what: "Sign out enabled",
  });
  await session.click(await session.find("[data-testid=signin-out]"));
  const out = await waitFor(
    async () => {
      await noErrorIn("[data-testid=signin-status]");
      const state = await session.execute(`return document.querySelector("[data-testid=signin-state]")?.dataset.state ?? null;`);
      return state === "signedOut" ? textOf("[data-testid=signin-state]") : null;
    },
    { timeout: 10_000, interval: 200, what: "Settings saying signed out" },
  );
  assert.match(out, /Not signed in/);
  assert.equal(await session.execute(`return document.querySelector("[data-testid=signin-out]").disabled;`), true);
});
