// The real window keeps a place's state and speaks the buyer's language: a
// dropped demo photo's offers are still on Search after a visit to History,
// switching to Chinese in Settings turns the window Chinese without a
// restart, an error's hint included; and a real clipboard paste (a PNG put on
// the X clipboard by xclip, Ctrl+V as WebDriver key actions) finds offers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DROP, Session, freshDataHome, startDriver } from "./driver.mjs";
import { waitFor } from "../wait.mjs";

const photos = fileURLToPath(new URL("../../../demo/photos/", import.meta.url));
const photo = readdirSync(photos).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort()[0];

let driver;
let session;

before(async () => {
  driver = await startDriver({ XDG_DATA_HOME: freshDataHome() });
  session = await Session.create(driver.base);
});

after(async () => {
  await session?.close();
  await driver?.stop();
});

const OFFER_IDS = `return Array.from(document.querySelectorAll("[data-testid=results] [data-testid=offer]"), (e) => e.dataset.offerId);`;

/** Polls `script` until `ok(value)` or the deadline; returns the last value. */
async function until(script, ok, timeoutMs = 30000, args = []) {
  let value;
  await waitFor(async () => ok((value = await session.execute(script, args))), { timeout: timeoutMs, interval: 200, what: script }).catch(() => {});
  return value;
}

/** Chooses `value` in the <select> `testid` as the buyer does (a bubbling change event). */
const choose = (testid, value) =>
  session.execute(
    `const s = document.querySelector("[data-testid=" + arguments[0] + "]"); s.value = arguments[1]; s.dispatchEvent(new Event("change", { bubbles: true }));`,
    [testid, value],
  );

test("Search shows the same offers after a visit to History", async () => {
  await session.find("[data-testid=dropzone]");
  await session.executeAsync(DROP, [photo, readFileSync(photos + photo).toString("base64")]);
  const ids = await until(OFFER_IDS, (v) => v.length >= 10, 60000);
  assert.ok(ids.length >= 10, `offers listed: ${ids.length}`);
  await session.click(await session.find("[data-testid=nav-history]"));
  await session.find("[data-testid=history-item]");
  await session.click(await session.find("[data-testid=nav-search]"));
  await session.find("[data-testid=photo-image]");
  assert.deepEqual(await session.execute(OFFER_IDS), ids, "the same offers, in the same order");
  // The sidebar names the active profile (the demo's, once its gateway runs).
  const profile = await until(`return document.querySelector("[data-testid=sidebar-profile]")?.textContent ?? "";`, (t) => /Demo catalog/.test(t));
  assert.match(profile, /Searching: Demo catalog/);
});

test("switching to Chinese turns the window Chinese at once, an error's hint included", async () => {
  await session.click(await session.find("[data-testid=nav-settings]"));
  await session.find("[data-testid=language]");
  await choose("language", "zh");
  const nav = await until(`return document.querySelector("[data-testid=nav-search]").textContent;`, (t) => t.includes("找货"));
  assert.match(nav, /找货/);
  // A gateway address Rust refuses: its hint comes in Chinese.
  await session.execute(
    `const f = document.querySelector("[data-testid=gateway-1688-open]"); f.value = "ftp://files.example"; f.dispatchEvent(new Event("input", { bubbles: true }));`,
  );
  await session.click(await session.find("[data-testid=gateway-save-1688-open]"));
  const hint = await session.text(await session.find("[data-testid=settings-status] [data-testid=error-hint]"));
  assert.match(hint, /请按 https:\/\/主机/);
  await session.click(await session.find("[data-testid=nav-search]"));
  assert.match(await session.text(await session.find("[data-testid=dropzone] h1")), /拖入商品图片/);
  const status = await session.text(await session.find("[data-testid=search-status]"));
  assert.match(status, /个商品/, "the kept status line reads in Chinese too");
});

/** Whether `command` is on PATH. */
function have(command) {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const pasteSkip = !process.env.DISPLAY
  ? "no X display"
  : !have("xclip")
    ? "xclip is not installed (apt-get install xclip)"
    : !have("convert")
      ? "ImageMagick's convert is not installed"
      : false;

test("a real paste: a PNG on the X clipboard and Ctrl+V in the window find offers", { skip: pasteSkip }, async () => {
  const png = join(mkdtempSync(join(tmpdir(), "zhaohuo-paste-")), "photo.png");
  execFileSync("convert", [photos + photo, png]);
  // `-quiet` keeps xclip in the foreground, owning the clipboard until it is ended below.
  const owner = spawn("xclip", ["-quiet", "-selection", "clipboard", "-t", "image/png", "-i", png], { stdio: "ignore" });
  try {
    // xclip owns the selection before the key is pressed: the clipboard offers the PNG.
    await waitFor(() => execFileSync("xclip", ["-selection", "clipboard", "-t", "TARGETS", "-o"]).toString().includes("image/png"), {
      timeout: 10_000,
      what: "xclip owning the clipboard",
    });
    await session.click(await session.find("[data-testid=nav-history]"));
    await session.click(await session.find("[data-testid=nav-search]"));
    const searchId = await session.execute(`return document.querySelector("[data-testid=offer-list]")?.dataset.searchId ?? null;`);
    // Focus the page outside any text field, then press Ctrl+V as real key events.
    await session.click(await session.find("[data-testid=dropzone] h1"));
    await session.cmd("POST", "/actions", {
      actions: [
        {
          type: "key",
          id: "keyboard",
          actions: [
            { type: "keyDown", value: "\uE009" },
            { type: "keyDown", value: "v" },
            { type: "keyUp", value: "v" },
            { type: "keyUp", value: "\uE009" },
          ],
        },
      ],
    });
    const next = await until(
      `return document.querySelector("[data-testid=offer-list]")?.dataset.searchId ?? null;`,
      (id) => id !== null && id !== searchId,
      60000,
    );
    assert.notEqual(next, searchId, "the paste ran a new search");
    const errors = await session.findAll("[data-testid=error]");
    assert.equal(errors.length, 0, errors.length ? await session.text(errors[0]) : "");
    assert.ok((await session.execute(OFFER_IDS)).length >= 10, "offers listed for the pasted photo");
  } finally {
    owner.kill();
  }
});
