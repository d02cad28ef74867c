// A minimal W3C WebDriver client (plain fetch) for the real app window, and a
// helper that starts tauri-driver (which drives WebKitWebDriver) for one test file.
// Needs DISPLAY (Xvfb) and a D-Bus session with an unlocked keyring: `cargo xtask test` provides both.
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "../wait.mjs";

const ELEMENT = "element-6066-11e4-a52e-4f0a6efc2a6a";

/** The element id in a WebDriver element reference (W3C key, or the legacy `ELEMENT`). */
function elementId(ref) {
  return ref[ELEMENT] ?? ref.ELEMENT ?? Object.values(ref)[0];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function appBinary() {
  const bin = process.env.ZHAOHUO_APP_BIN;
  if (!bin) throw new Error("ZHAOHUO_APP_BIN is not set: run these tests through `cargo xtask test`");
  return bin;
}

/**
 * Starts tauri-driver on a free port. The app inherits `env` through
 * tauri-driver and WebKitWebDriver (e.g. its own XDG_DATA_HOME per test file).
 */
export async function startDriver(env = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  // The app's and WebKit's chatter goes to a log file, named when a test fails.
  const log = openSync(join(mkdtempSync(join(tmpdir(), "zhaohuo-driver-")), "driver.log"), "w");
  const proc = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", log, log],
    env: { ...process.env, ...env },
  });
  const base = `http://127.0.0.1:${port}`;
  // Throws "not listening yet" until tauri-driver answers.
  await waitFor(async () => (await fetch(`${base}/status`)).ok, { timeout: 10_000, what: "tauri-driver listening" });
  return {
    base,
    stop: async () => {
      proc.kill("SIGTERM");
      await waitForAppExit();
    },
  };
}

/** A fresh per-test data home, so every test starts with an empty store. */
export function freshDataHome() {
  return mkdtempSync(join(tmpdir(), "zhaohuo-wd-"));
}

async function wd(base, method, path, body, timeoutMs = 90_000) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    // Fail with a message, not after undici's five-minute default.
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

/** Processes running the app's binary (matched by /proc/PID/exe, not by command line). */
function appPids() {
  const bin = realpathSync(appBinary());
  return readdirSync("/proc").filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readlinkSync(`/proc/${pid}/exe`) === bin;
    } catch {
      return false;
    }
  });
}

function appRunning() {
  return appPids().length > 0;
}

export async function waitForAppExit(timeoutMs = 15000) {
  await waitFor(() => !appRunning(), { timeout: timeoutMs, interval: 100, what: "the app exiting" });
}

export class Session {
  static async create(base) {
    const value = await wd(base, "POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application: appBinary() } } },
    });
    return new Session(base, value.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  cmd(method, path, body) {
    return wd(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(css, timeoutMs = 15000) {
    const el = await waitFor(() => this.cmd("POST", "/element", { using: "css selector", value: css }), {
      timeout: timeoutMs,
      interval: 200,
      what: `element ${css}`,
    });
    return elementId(el);
  }

  /** Waits until the element's text matches `re`, and returns the text. */
  async waitForText(el, re, timeoutMs = 20_000) {
    return waitFor(
      async () => {
        const text = await this.text(el);
        return re.test(text) ? text : null;
      },
      { timeout: timeoutMs, interval: 250, what: `text matching ${re}` },
    );
  }

  async findAll(css) {
    const els = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return els.map(elementId);
  }

  text(el) {
    return this.cmd("GET", `/element/${el}/text`);
  }

  click(el) {
    return this.cmd("POST", `/element/${el}/click`, {});
  }

  /** Empties a text field (WebDriver Element Clear). */
  clear(el) {
    return this.cmd("POST", `/element/${el}/clear`, {});
  }

  /** Types `text` into the element as key presses (WebDriver Element Send Keys). */
  type(el, text) {
    return this.cmd("POST", `/element/${el}/value`, { text });
  }

  /** Runs async JS in the page; the last argument is the callback. */
  executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  screenshot() {
    return this.cmd("GET", "/screenshot");
  }

  /**
   * Ends the session and waits until the app process is gone: the app is
   * single-instance, so a new launch while the old one is still exiting would
   * hand over to it and quit.
   */
  async close() {
    await wd(this.base, "DELETE", `/session/${this.id}`, undefined, 20_000).catch(() => {});
    try {
      await waitForAppExit();
    } catch {
      // WebKitWebDriver occasionally fails to close the window under heavy load.
      // Everything the tests check is committed before it is shown, so ending the
      // app the way a crash would is safe (and still proves nothing is lost).
      console.error("# the app did not quit after the WebDriver session ended: sending SIGTERM");
      for (const pid of appPids()) process.kill(Number(pid), "SIGTERM");
      await waitForAppExit(5000).catch(() => {
        for (const pid of appPids()) process.kill(Number(pid), "SIGKILL");
      });
      await waitForAppExit(5000);
    }
  }
}

/**
 * Drops a photo on the drop zone as an HTML5 drop (arguments: file name, base64
 * bytes; run with `executeAsync`). With Tauri's native drop handler off, a file
 * dragged from a file manager reaches the page as exactly this event.
 */
export const DROP = `
  const [name, b64, done] = arguments;
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, { type: "image/jpeg" }));
  document.querySelector("[data-testid=dropzone]")
    .dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  done(true);
`;
