#!/usr/bin/env node
// The "browser" the WebDriver sign-in test gives the app: the OS opener
// (xdg-open, or gio) runs it with the URL the app asked to open, as it would
// run Firefox. It does what a buyer's browser does on the sandbox's authorize
// page, one hop at a time: GET the page without following redirects, check it
// is the sandbox's `/oauth/authorize` answering 302, then GET the `Location`
// (the app's one-shot loopback listener, `http://127.0.0.1:PORT/callback?code=…&state=…`)
// and check it says the tab can be closed.
//
// Every step goes as one JSON line to the file named by ZHAOHUO_TEST_BROWSER_LOG
// (stderr without it), so the test can see the app really opened the page.
// Exits 0 when the whole round trip went as expected, 1 otherwise.
import { appendFileSync, readFileSync } from "node:fs";

const logFile = process.env.ZHAOHUO_TEST_BROWSER_LOG;

function log(entry) {
  const line = JSON.stringify({ at: new Date().toISOString(), pid: process.pid, ...entry }) + "\n";
  if (logFile) appendFileSync(logFile, line);
  else process.stderr.write(line);
}

/** One GET, redirects not followed, with a deadline so a hung page fails instead of hanging the opener. */
function get(url) {
  return fetch(url, { redirect: "manual", signal: AbortSignal.timeout(20_000) });
}

/** The command line of the process that started this one (the OS opener), where /proc tells. */
function opener() {
  try {
    return readFileSync(`/proc/${process.ppid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return null;
  }
}

async function browse(args) {
  log({ event: "open", args, opener: opener() });
  if (args.length !== 1) throw new Error(`expected one URL, got ${args.length} arguments`);
  const url = new URL(args[0]);

  const page = await get(url);
  const location = page.headers.get("location");
  log({ event: "authorize", url: url.href, status: page.status, location });
  if (url.pathname !== "/oauth/authorize") throw new Error(`not an authorize page: ${url.pathname}`);
  if (page.status !== 302 || !location) throw new Error(`the authorize page answered ${page.status}, not a redirect`);

  const back = new URL(location, url);
  const code = back.searchParams.get("code");
  const state = back.searchParams.get("state");
  if (back.protocol !== "http:" || back.hostname !== "127.0.0.1" || back.pathname !== "/callback" || !code || !state) {
    throw new Error(`the redirect is not the app's loopback callback with code and state: ${back.origin}${back.pathname}`);
  }
  const answer = await get(back);
  const body = await answer.text();
  const closeTab = body.includes("You can close this tab");
  log({ event: "callback", url: back.href, status: answer.status, closeTab });
  if (answer.status !== 200 || !closeTab) throw new Error(`the app's callback answered ${answer.status}: ${body.slice(0, 200)}`);
}

try {
  await browse(process.argv.slice(2));
  log({ event: "done" });
} catch (err) {
  log({ event: "failed", reason: String(err?.message ?? err) });
  process.exitCode = 1;
}
