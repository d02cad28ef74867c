// First light: a demo photo put into the real window finds offers on the
// embedded sandbox, and the search survives a restart of the app.
//
// The photo goes in as an HTML5 drop: the test reads the file and dispatches a
// `drop` event carrying it on the drop zone. With Tauri's native drop handler
// off (dragDropEnabled: false), a file dragged from a file manager reaches the
// page as exactly this event, so the app's own drop code runs end to end;
// WebDriver cannot drag files from outside the window, and a synthetic paste
// would need clipboard access this session does not have.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DROP, Session, freshDataHome, startDriver } from "./driver.mjs";
import { waitFor } from "../wait.mjs";

const photos = fileURLToPath(new URL("../../../demo/photos/", import.meta.url));
const photo = readdirSync(photos).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort()[0];

let driver;

before(async () => {
  assert.ok(photo, "demo/photos/ has a photo");
  driver = await startDriver({ XDG_DATA_HOME: freshDataHome() });
});

after(async () => driver?.stop());

/** The first offer's title inside a container (textContent: long titles are ellipsised on screen). */
const TOP_TITLE = `return document.querySelector(arguments[0] + " [data-testid=offer] .offer-title")?.textContent ?? null;`;

/** Waits for the first offers (or fails on an error the app shows) and counts them. */
async function offerCount(session, timeoutMs) {
  const errorShown = async () => {
    const errors = await session.findAll("[data-testid=error]");
    return errors.length ? `the app showed an error: ${await session.text(errors[0])}` : null;
  };
  const outcome = await waitFor(
    async () => {
      const offers = await session.findAll("[data-testid=offer]");
      if (offers.length > 0) return { count: offers.length };
      const error = await errorShown();
      return error ? { error } : null;
    },
    { timeout: timeoutMs, interval: 250, what: "offers in the window" },
  );
  if (outcome.error) throw new Error(outcome.error);
  return outcome.count;
}

test("a dropped demo photo lists at least 10 offers; the search and a shortlisted offer survive a restart", async () => {
  let session = await Session.create(driver.base);
  let searchTitle;
  try {
    await session.find("[data-testid=dropzone]");
    const b64 = readFileSync(photos + photo).toString("base64");
    await session.executeAsync(DROP, [photo, b64]);
    const count = await offerCount(session, 60000);
    assert.ok(count >= 10, `expected ≥ 10 offers, got ${count}`);
    if (process.env.ZHAOHUO_SCREENSHOT_SEARCH) {
      // Let the offer pictures (served by the sandbox) arrive before the picture is taken.
      await waitFor(
        () =>
          session.execute(
            `const imgs = Array.from(document.querySelectorAll("img.offer-img")).slice(0, 5); return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);`,
          ),
        { timeout: 10_000, interval: 250, what: "the first offer pictures loading" },
      ).catch((err) => console.error(`# screenshot taken anyway: ${err.message}`));
      writeFileSync(process.env.ZHAOHUO_SCREENSHOT_SEARCH, Buffer.from(await session.screenshot(), "base64"));
    }
    searchTitle = await session.execute(TOP_TITLE, ["[data-testid=results]"]);
    assert.ok(searchTitle, "the best offer has a title");
    // Keep the best offer on a new shortlist (the <select> is driven by its change event,
    // which bubbles as a real one does: Svelte listens for it at the root).
    await session.execute(`
      const picker = document.querySelector("[data-testid=offer] [data-testid=shortlist-picker]");
      picker.value = "new";
      picker.dispatchEvent(new Event("change", { bubbles: true }));`);
    const saved = await waitFor(
      async () => {
        const text = await session.execute(`return document.querySelector("[data-testid=offer] [data-testid=shortlist-picker]").textContent;`);
        return text.startsWith("★") ? text : null;
      },
      { timeout: 10_000, interval: 250, what: "the offer marked as shortlisted" },
    );
    assert.match(saved, /^★ On Shortlist 1/);
  } finally {
    await session.close(); // quits the app
  }

  session = await Session.create(driver.base);
  try {
    await session.click(await session.find("[data-testid=nav-history]"));
    const item = await session.find("[data-testid=history-item]");
    assert.match(await session.text(item), /\d+ offers/);
    await session.click(item);
    await session.find("[data-testid=history-detail] [data-testid=offer]");
    const reopened = await session.execute(TOP_TITLE, ["[data-testid=history-detail]"]);
    assert.equal(reopened, searchTitle, "the reopened search shows the same best offer");
    await session.click(await session.find("[data-testid=nav-shortlists]"));
    await session.click(await session.find("[data-testid=shortlist]"));
    await session.find("[data-testid=shortlist-item]");
    const kept = await session.execute(
      `return document.querySelector("[data-testid=shortlist-item] .offer-title")?.textContent ?? null;`,
    );
    assert.equal(kept, searchTitle, "the shortlisted offer survived the restart");
  } finally {
    await session.close();
  }
});
