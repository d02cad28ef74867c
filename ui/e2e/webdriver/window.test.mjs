// The real app window (Tauri + WebKitGTK under Xvfb), driven over WebDriver.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Session, freshDataHome, startDriver } from "./driver.mjs";

let driver;
let session;
const dataHome = freshDataHome();

/** Every file under `dir` (the app's data: database, WAL, logs, WebKit storage). */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

before(async () => {
  driver = await startDriver({ XDG_DATA_HOME: dataHome });
  session = await Session.create(driver.base);
});

after(async () => {
  await session?.close();
  await driver?.stop();
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

test("a credential saved in Settings goes to the keychain and never comes back to the page", async () => {
  await session.click(await session.find("[data-testid=nav-settings]"));
  const input = await session.find("[data-testid=cred-1688-open-appSecret]");
  const secret = "s3cr3t-webdriver-9f2c";
  await session.cmd("POST", `/element/${input}/value`, { text: secret });
  await session.execute(
    `document.querySelector("[data-testid=cred-1688-open-appSecret]").parentElement.querySelectorAll("button")[0].click();`,
  );
  const status = await session.find("[data-testid=settings-status]");
  assert.match(await session.waitForText(status, /saved to the keychain/), /saved to the keychain/);
  // The row now says "saved", the input was emptied, and neither the page nor an IPC reply holds the value.
  await session.find("[data-testid=profile-1688-open] .dot.on");
  const html = await session.cmd("GET", "/source");
  assert.ok(!html.includes(secret), "the secret is not in the page");
  const reply = await session.executeAsync(
    `const done = arguments[0]; window.__TAURI_INTERNALS__.invoke("list_profiles", {}).then((r) => done(JSON.stringify(r)), (e) => done(JSON.stringify(e)));`,
  );
  assert.ok(!reply.includes(secret), "list_profiles does not return the secret");
  assert.match(reply, /"id":"1688-open","label":"[^"]+","baseUrl":"[^"]+","active":false,"credentials":\{"appKey":false,"appSecret":true/);
  // Nor does anything the app wrote to disk: database, WAL, logs.
  const files = filesUnder(dataHome);
  assert.ok(files.some((f) => f.endsWith("zhaohuo.sqlite3")), "the store exists");
  for (const file of files) {
    assert.ok(!readFileSync(file).includes(secret), `${file} holds the secret`);
  }
});
