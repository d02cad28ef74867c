// The sign-in store over the fake: it passes the redirect chosen to
// sign_in_url, waits on the loopback listener's port, and for the app's own
// redirect address waits for the buyer's paste instead.
import { describe, expect, it, vi } from "vitest";
import { createFakeBackend } from "../backend/fake";
import { EN } from "../lib/i18n";
import { SignInStore } from "./signin.svelte";

const words = (store: SignInStore) => (store.status.kind === "text" ? store.status.text(EN.LL) : store.status.kind);

describe("SignInStore", () => {
  it("waits on the loopback port it was given until the browser comes back", async () => {
    const fake = createFakeBackend();
    const store = new SignInStore(fake, "1688-open");
    fake.hold("finish_sign_in");
    const started = store.start({ kind: "loopback", port: 20000 });
    await vi.waitFor(() => expect(fake.waiting("finish_sign_in")).toBe(1));
    expect([store.waiting, store.port, store.awaitingPaste]).toEqual([true, 20000, false]);
    expect(fake.argsOf("sign_in_url")).toEqual([{ profile: "1688-open", redirect: { kind: "loopback", port: 20000 } }]);
    fake.release("finish_sign_in");
    await started;
    expect([store.waiting, store.port, store.signIn?.state]).toEqual([false, null, "signedIn"]);
    expect(words(store)).toBe("Signed in.");
  });
  it("with the app's redirect address opens the page and waits for a paste, listening nowhere", async () => {
    const fake = createFakeBackend();
    const store = new SignInStore(fake, "1688-open");
    await store.start({ kind: "manual", redirectUri: "https://example.com/cb" });
    expect([store.waiting, store.port, store.awaitingPaste]).toEqual([false, null, true]);
    expect(fake.argsOf("finish_sign_in")).toEqual([]);
    expect(words(store)).toMatch(/^After approving in the browser, paste the code/);
    expect(await store.paste("https://example.com/cb?code=abc&state=fake")).toBe(true);
    expect([store.awaitingPaste, store.signIn?.state]).toEqual([false, "signedIn"]);
  });
  it("stops waiting for a paste when cancelled", async () => {
    const fake = createFakeBackend();
    const store = new SignInStore(fake, "1688-open");
    await store.start({ kind: "manual", redirectUri: "https://example.com/cb" });
    await store.cancel();
    expect([store.awaitingPaste, store.status.kind]).toEqual([false, "idle"]);
  });
});
