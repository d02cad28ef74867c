// Launches Debian's Chromium (never a downloaded browser) with the flags this
// machine needs: no sandbox as root, no background network on a closed network.
import { after, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../serve.mjs";
import { addPhotoMaker } from "./photos.mjs";

/** Chromium with the given UI language (`locale`: what navigator.languages says). */
export async function launch(locale = "en-US") {
  const userDataDir = mkdtempSync(join(tmpdir(), "zhaohuo-chromium-"));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1180, height: 780 },
    locale,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Registers the hooks every browser test file needs: serve the fake-backend
 * build, open it in Chromium (with the photo maker), and at the end fail on
 * any uncaught page error. `freshPage` reloads before each test, so the
 * fake's state and recorded calls are that test's alone. Returns the page
 * through `onPage` once it exists.
 */
export function useFakeApp({ freshPage, onPage, locale }) {
  const dist = fileURLToPath(new URL("../../dist-fake/", import.meta.url));
  let server;
  let context;
  let page;
  const pageErrors = [];
  const open = async () => {
    await page.goto(server.url);
    await page.getByTestId("dropzone").waitFor();
  };
  before(async () => {
    server = await serve(dist);
    context = await launch(locale);
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await addPhotoMaker(page);
    onPage(page);
    if (!freshPage) await open();
  });
  if (freshPage) beforeEach(open);
  after(async () => {
    await context?.close();
    await server?.close();
    assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
  });
}
