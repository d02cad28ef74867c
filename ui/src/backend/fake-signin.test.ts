// The fake's sign-in honours where the browser comes back to, as `App::sign_in_url`
// and `finish_sign_in` do: a loopback listener on the port given (finished when
// the fake "browser" returns), or the app's own redirect address (finished only
// by a pasted code or address).
import { describe, expect, it, vi } from "vitest";
import { createFakeBackend, pastedCode } from "./fake";

const profile = "1688-open";

describe("the fake's sign-in", () => {
  it("listens on the port it is given, 17688 when none, and finishes when the browser returns", async () => {
    const fake = createFakeBackend();
    const started = await fake.call("sign_in_url", { profile, redirect: { kind: "loopback", port: 20000 } });
    expect(started).toMatchObject({ redirectUri: "http://127.0.0.1:20000/callback", port: 20000 });
    expect(started.authorizeUrl).toContain(encodeURIComponent("http://127.0.0.1:20000/callback"));
    expect((await fake.call("sign_in_status", { profile })).pendingPort).toBe(20000);
    expect(fake.argsOf("sign_in_url")).toEqual([{ profile, redirect: { kind: "loopback", port: 20000 } }]);

    fake.hold("finish_sign_in");
    const finished = fake.call("finish_sign_in", { profile, pasted: null });
    await vi.waitFor(() => expect(fake.waiting("finish_sign_in")).toBe(1));
    fake.release("finish_sign_in"); // the browser comes back
    expect(await finished).toMatchObject({ state: "signedIn", pendingPort: null });

    expect(await fake.call("sign_in_url", { profile, redirect: { kind: "loopback", port: null } })).toMatchObject({ port: 17688 });
  });
  it("with the app's registered address listens nowhere, and a pasted code or address finishes it", async () => {
    const fake = createFakeBackend();
    const started = await fake.call("sign_in_url", { profile, redirect: { kind: "manual", redirectUri: " https://example.com/cb " } });
    expect(started).toMatchObject({ redirectUri: "https://example.com/cb", port: null });
    expect((await fake.call("sign_in_status", { profile })).pendingPort).toBeNull();
    await expect(fake.call("finish_sign_in", { profile, pasted: null })).rejects.toMatchObject({ kind: "signin.not_started" });
    await expect(fake.call("finish_sign_in", { profile, pasted: "https://example.com/cb?state=fake" })).rejects.toMatchObject({ kind: "signin.no_code" });
    expect(await fake.call("finish_sign_in", { profile, pasted: "https://example.com/cb?code=abc&state=fake" })).toMatchObject({ state: "signedIn" });

    await fake.call("sign_in_url", { profile, redirect: { kind: "manual", redirectUri: "https://example.com/cb" } });
    expect(await fake.call("finish_sign_in", { profile, pasted: "abc123" })).toMatchObject({ state: "signedIn" });
  });
  it("refuses a redirect address that is no web address", async () => {
    const fake = createFakeBackend();
    await expect(fake.call("sign_in_url", { profile, redirect: { kind: "manual", redirectUri: "not an address" } })).rejects.toMatchObject({ kind: "profile.bad_url" });
  });
});

describe("pastedCode", () => {
  it("finds the code in an address, its query, or a bare code", () => {
    expect(pastedCode("https://example.com/cb?code=abc&state=s")).toBe("abc");
    expect(pastedCode("code=xyz&state=s")).toBe("xyz");
    expect(pastedCode("  plaincode  ")).toBe("plaincode");
  });
  it("is null when there is none", () => {
    expect(pastedCode("")).toBeNull();
    expect(pastedCode("https://example.com/cb?error=access_denied")).toBeNull();
    expect(pastedCode("https://example.com/cb")).toBeNull();
    expect(pastedCode("two words")).toBeNull();
  });
});
