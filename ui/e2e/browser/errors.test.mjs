// Every place shows a failure the same way: the message the Rust side sent and
// the UI's own hint for its kind (the fake is told to fail the next call, as
// the shell would, with Rust's English hint, which the catalogue replaces).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useFakeApp } from "./chromium.mjs";

let page;
useFakeApp({ freshPage: true, onPage: (p) => (page = p) });

const failNext = (command) =>
  page.evaluate(
    (command) => window.zhaohuoFake.failNext(command, { kind: "store.busy", message: "the database is locked", hint: "Close other copies of Zhaohuo and try again." }),
    command,
  );

async function expectShared(scope) {
  const error = scope.getByTestId("error");
  await error.waitFor();
  assert.equal(await error.getAttribute("data-kind"), "store.busy");
  assert.equal(await error.innerText(), "the database is locked");
  assert.match(await scope.getByTestId("error-hint").innerText(), /^ ?— Close other Zhaohuo windows and try again\.$/);
}

test("History shows the message and the hint", async () => {
  await failNext("list_history");
  await page.getByTestId("nav-history").click();
  await expectShared(page.locator(".history-page"));
});

test("Shortlists show the message and the hint", async () => {
  await failNext("list_shortlists");
  await page.getByTestId("nav-shortlists").click();
  await expectShared(page.getByTestId("shortlists-status"));
});

test("Settings show the message and the hint", async () => {
  await failNext("list_profiles");
  await page.getByTestId("nav-settings").click();
  await expectShared(page.getByTestId("settings-status"));
});
