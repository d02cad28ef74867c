// The installed app: `cargo xtask bundle --check` unpacks the .deb into a
// temporary root and points ZHAOHUO_APP_BIN at its usr/bin/zhaohuo-app. With a
// fresh data folder, the window must come up and a demo photo must find offers
// on the embedded sandbox, as for a buyer on first start.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DROP, Session, freshDataHome, startDriver } from "../webdriver/driver.mjs";

const photos = fileURLToPath(new URL("../../../demo/photos/", import.meta.url));
const photo = readdirSync(photos).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort()[0];
const root = process.env.ZHAOHUO_INSTALL_ROOT;

let driver;

before(async () => {
  driver = await startDriver({ XDG_DATA_HOME: freshDataHome() });
});

after(async () => driver?.stop());

test("the .deb lays out a desktop entry and icons", { skip: !root }, () => {
  const entry = readFileSync(join(root, "usr/share/applications/Zhaohuo.desktop"), "utf8");
  assert.match(entry, /^Exec=zhaohuo-app/m);
  assert.match(entry, /^Name\[zh_CN\]=找货/m, "the Chinese name is in the desktop entry");
  assert.match(entry, /^Categories=.*Office/m);
  for (const size of ["32x32", "128x128", "256x256@2", "512x512"]) {
    const dir = join(root, "usr/share/icons/hicolor", size, "apps");
    assert.ok(existsSync(dir) && readdirSync(dir).length > 0, `an icon at ${size}`);
  }
});

test("the installed binary opens its window and a demo photo finds offers", async () => {
  const started = performance.now();
  const session = await Session.create(driver.base);
  try {
    await session.find("[data-testid=dropzone]", 60000);
    const interactive = performance.now() - started;
    console.log(`cold start to an interactive window: ${Math.round(interactive)} ms`);
    const b64 = readFileSync(photos + photo).toString("base64");
    await session.executeAsync(DROP, [photo, b64]);
    await session.find("[data-testid=offer]", 60000);
    const offers = await session.findAll("[data-testid=offer]");
    assert.ok(offers.length >= 10, `expected ≥ 10 offers, got ${offers.length}`);
  } finally {
    await session.close();
  }
});
