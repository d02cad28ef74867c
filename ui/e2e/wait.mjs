// Waiting in the end-to-end tests: on a condition, never for a fixed time.
// `cargo test -p xtask --test no_sleeps` fails on a sleep or timeout elsewhere in a test.
// allow-sleep: the poll interval of waitFor below, the one timer the tests may use
import { setTimeout as tick } from "node:timers/promises";

/**
 * Polls `cond` (sync or async) until it returns something truthy, and returns that.
 * `timeout` is a deadline for the failure message, not a wait: a passing test
 * goes on as soon as the condition holds. The error names `what` and the last
 * thing `cond` threw, if anything.
 */
export async function waitFor(cond, { timeout = 15_000, interval = 50, what = "the condition" } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await cond();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError ? `: ${lastError.message ?? lastError}` : "";
      throw new Error(`${what} did not happen within ${timeout} ms${why}`);
    }
    await tick(interval); // allow-sleep: the poll interval of waitFor itself
  }
}

/**
 * Lets a page run everything already queued (resolved answers and the calls
 * they lead to) by a round trip through its task queue: a message to itself,
 * which arrives after the microtasks before it. No wall time is involved.
 */
export function drain(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      }),
  );
}
