// The real app window (Tauri + WebKitGTK under Xvfb), driven over WebDriver.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { Session, freshDataHome, startDriver } from "./driver.mjs";

let driver;
let session;

before(async () => {
  driver = await startDriver({ XDG_DATA_HOME: freshDataHome() });
  session = await Session.create(driver.base);
});

after(async () => {
  await session?.close();
  driver?.stop();
});

test("the window opens on the Search place with its drop zone", async () => {
  const zone = await session.find("[data-testid=dropzone]");
  assert.match(await session.text(zone), /Drop a product photo/);
  const nav = await session.find("[data-testid=nav-search]");
  assert.equal(await session.cmd("GET", `/element/${nav}/attribute/aria-current`), "page");
  if (process.env.ZHAOHUO_SCREENSHOT) {
    writeFileSync(process.env.ZHAOHUO_SCREENSHOT, Buffer.from(await session.screenshot(), "base64"));
  }
});

test("Settings shows facts from the Rust side over IPC", async () => {
  await session.click(await session.find("[data-testid=nav-settings]"));
  const about = await session.find("[data-testid=about] dd");
  assert.match(await session.text(about), /^\d+\.\d+\.\d+/);
});
