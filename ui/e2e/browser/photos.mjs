// Photos and drop/paste events made inside the page, for the browser tests.
// The canvas drawing is the same everywhere: a blue product on white, 400×300.

/** Registers `window.makePng()` (PNG bytes of the test photo) in every page of `page`'s life. */
export async function addPhotoMaker(page) {
  await page.addInitScript(() => {
    window.makePng = async () => {
      const canvas = new OffscreenCanvas(400, 300);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, 400, 300);
      ctx.fillStyle = "#1c7ed6";
      ctx.fillRect(100, 60, 200, 180);
      const blob = await canvas.convertToBlob({ type: "image/png" });
      return new Uint8Array(await blob.arrayBuffer());
    };
    // A 1600×1000 screenshot of a shop page: a toolbar, the main picture and four
    // tiles, drawn where the fake backend's FAKE_SCREENSHOT_TILES says they are.
    window.makeScreenshot = async () => {
      const canvas = new OffscreenCanvas(1600, 1000);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#f4f4f4";
      ctx.fillRect(0, 0, 1600, 1000);
      ctx.fillStyle = "#ff6a00";
      ctx.fillRect(0, 0, 1600, 80);
      const tiles = [
        [0.05, 0.15, 0.55, 0.7, "#1c7ed6"],
        [0.64, 0.15, 0.14, 0.3, "#2f9e44"],
        [0.81, 0.15, 0.14, 0.3, "#f08c00"],
        [0.64, 0.55, 0.14, 0.3, "#ae3ec9"],
        [0.81, 0.55, 0.14, 0.3, "#e03131"],
      ];
      for (const [x, y, w, h, colour] of tiles) {
        ctx.fillStyle = colour;
        ctx.fillRect(x * 1600, y * 1000, w * 1600, h * 1000);
      }
      const blob = await canvas.convertToBlob({ type: "image/png" });
      return new Uint8Array(await blob.arrayBuffer());
    };
  });
}

/**
 * Dispatches a drop of one file on the element matching `selector` (the
 * dropzone, the sidebar, …). `kind` is "png" (the test photo), "screenshot"
 * (the shop-page screenshot, which the fake finds candidates in) or "text".
 * Resolves to whether a listener cancelled the drop (the webview would
 * otherwise navigate to the file).
 */
export function dropFile(page, selector, kind = "png") {
  return page.evaluate(
    async ({ selector, kind }) => {
      const data = new DataTransfer();
      if (kind === "png") data.items.add(new File([await window.makePng()], "shirt.png", { type: "image/png" }));
      else if (kind === "screenshot") data.items.add(new File([await window.makeScreenshot()], "shop.png", { type: "image/png" }));
      else data.items.add(new File(["hello"], "notes.txt", { type: "text/plain" }));
      const target = document.querySelector(selector);
      return !target.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { selector, kind },
  );
}

/** The fake backend's recorded calls to `command`, arguments as sent (bytes as their length). */
export function callsOf(page, command) {
  return page.evaluate(
    (command) =>
      window.zhaohuoFake.calls
        .filter((c) => c.command === command)
        .map((c) => (c.args.body instanceof Uint8Array ? { ...c.args, body: c.args.body.length } : c.args)),
    command,
  );
}

/**
 * Drops the test photo and waits until its own search has listed offers. Search
 * keeps the last offers on screen while a new photo is read, so waiting for
 * "an offer" alone could act on the previous search's.
 */
export async function dropAndSearch(page, selector = "[data-testid=dropzone]", kind = "png") {
  const before = await page.evaluate(() => window.zhaohuoFake.argsOf("search_photo").length);
  await dropFile(page, selector, kind);
  await page.waitForFunction((n) => window.zhaohuoFake.argsOf("search_photo").length > n, before);
  await page.waitForFunction(() => !document.querySelector("[data-testid=stop-search]") && document.querySelector("[data-testid=offer]"));
}
