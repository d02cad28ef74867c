// Screenshots of the real window for the docs: Search with offers, the offer
// panel, History, Shortlists and Settings, in English and Chinese, light and
// dark. Runs only when ZHAOHUO_SCREENS_DIR names the folder to write them to.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DROP, Session, freshDataHome, startDriver } from "./driver.mjs";
import { waitFor } from "../wait.mjs";

const dir = process.env.ZHAOHUO_SCREENS_DIR;
const photos = fileURLToPath(new URL("../../../demo/photos/", import.meta.url));
const photo = readdirSync(photos).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort()[0];

let driver;
let session;

before(async () => {
  if (!dir) return;
  driver = await startDriver({ XDG_DATA_HOME: freshDataHome() });
  session = await Session.create(driver.base);
});

after(async () => {
  await session?.close();
  await driver?.stop();
});

async function until(script, ok, timeoutMs = 30000) {
  let value;
  await waitFor(async () => ok((value = await session.execute(script))), { timeout: timeoutMs, interval: 200, what: script }).catch(() => {
    throw new Error(`timed out: ${script} → ${JSON.stringify(value)}`);
  });
  return value;
}

const choose = (testid, value) =>
  session.execute(
    `const s = document.querySelector("[data-testid=" + arguments[0] + "]"); s.value = arguments[1]; s.dispatchEvent(new Event("change", { bubbles: true }));`,
    [testid, value],
  );

/** Waits until the pictures in view have loaded, then writes the window to `name`.png. */
async function shot(name) {
  await until(`return Array.from(document.images).filter((i) => i.getBoundingClientRect().top < innerHeight).every((i) => i.complete);`, Boolean, 15000);
  // The last frame painted: two animation frames after the pictures completed.
  await session.executeAsync(`const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));`, []);
  writeFileSync(join(dir, `${name}.png`), Buffer.from(await session.screenshot(), "base64"));
}

test("screenshots of every place, in both languages and both themes", { skip: dir ? false : "ZHAOHUO_SCREENS_DIR is not set" }, async () => {
  await until(`return document.querySelector("[data-testid=sidebar-profile]")?.textContent ?? "";`, (t) => t.length > 0);
  await session.executeAsync(DROP, [photo, readFileSync(photos + photo).toString("base64")]);
  await until(`return document.querySelectorAll("[data-testid=offer]").length;`, (n) => n >= 10, 60000);
  await session.execute(`
    const picker = document.querySelector("[data-testid=offer] [data-testid=shortlist-picker]");
    picker.value = "new";
    picker.dispatchEvent(new Event("change", { bubbles: true }));`);
  await until(`return document.querySelector("[data-testid=offer] [data-testid=shortlist-picker]").textContent;`, (t) => t.startsWith("★"));
  let taken = 0;
  for (const lang of ["en", "zh"]) {
    for (const theme of ["light", "dark"]) {
      await session.click(await session.find("[data-testid=nav-settings]"));
      await choose("language", lang);
      await choose("theme", theme);
      await until(`return document.documentElement.dataset.theme;`, (t) => t === theme);
      const suffix = `${lang}-${theme}`;
      await session.click(await session.find("[data-testid=nav-search]"));
      await session.find("[data-testid=offer]");
      await session.execute(`document.querySelector("[data-testid=content]")?.scrollTo(0, 0)`);
      await shot(`search-${suffix}`);
      await session.click(await session.find("[data-testid=offer] [data-testid=offer-details]"));
      await session.find("[data-testid=offer-panel]");
      await shot(`offer-panel-${suffix}`);
      await session.click(await session.find("[data-testid=panel-close]"));
      await session.click(await session.find("[data-testid=nav-history]"));
      await session.click(await session.find("[data-testid=history-item]"));
      await session.find("[data-testid=history-detail] [data-testid=offer]");
      await shot(`history-${suffix}`);
      await session.click(await session.find("[data-testid=nav-shortlists]"));
      await session.click(await session.find("[data-testid=shortlist]"));
      await session.find("[data-testid=shortlist-item]");
      await shot(`shortlists-${suffix}`);
      await session.click(await session.find("[data-testid=nav-settings]"));
      await session.find("[data-testid=profile-demo]");
      await shot(`settings-${suffix}`);
      taken += 5;
    }
  }
  assert.equal(taken, 20);
});
