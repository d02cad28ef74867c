import { describe, expect, it } from "vitest";
import { tr } from "./i18n";
import { DEFAULT_REDIRECT, checkPort, checkRedirectUri, cleanRedirect, loopbackUri, redirectFor } from "./signin";

describe("checkPort", () => {
  it("takes a whole number from 1024 to 65535, spaces around it ignored", () => {
    expect(checkPort("17688")).toEqual({ ok: true, value: 17688 });
    expect(checkPort(" 1024 ")).toEqual({ ok: true, value: 1024 });
    expect(checkPort("65535")).toEqual({ ok: true, value: 65535 });
  });
  it("says why any other port is refused", () => {
    expect(checkPort("")).toEqual({ ok: false, error: "Enter a port." });
    expect(checkPort("   ")).toEqual({ ok: false, error: "Enter a port." });
    for (const text of ["80a", "1.5", "-2000", "1e4", "0x4000", "١٧٦٨٨"]) expect(checkPort(text), text).toEqual({ ok: false, error: "The port is a whole number." });
    for (const text of ["0", "1023", "65536", "99999999999999999999"]) expect(checkPort(text), text).toEqual({ ok: false, error: "Use a port from 1024 to 65535." });
  });
  it("says it in Chinese too", () => {
    expect(checkPort("80", tr("zh").LL)).toEqual({ ok: false, error: "请使用 1024 到 65535 之间的端口。" });
  });
});

describe("loopbackUri", () => {
  it("is the listener's address on 127.0.0.1", () => {
    expect(loopbackUri(17688)).toBe("http://127.0.0.1:17688/callback");
    expect(loopbackUri(20000)).toBe("http://127.0.0.1:20000/callback");
  });
});

describe("checkRedirectUri", () => {
  it("takes an https address with a host, trimmed", () => {
    expect(checkRedirectUri(" https://shop.example.com/1688/callback ")).toEqual({ ok: true, value: "https://shop.example.com/1688/callback" });
    expect(checkRedirectUri("https://example.com:8443/cb?x=1")).toEqual({ ok: true, value: "https://example.com:8443/cb?x=1" });
  });
  it("refuses an empty field, plain http, other schemes, spaces and credentials", () => {
    expect(checkRedirectUri("")).toEqual({ ok: false, error: "Enter the redirect address registered for your app." });
    const notHttps = { ok: false, error: "Enter an https address, e.g. https://example.com/callback." };
    for (const text of ["http://example.com/cb", "example.com/cb", "ftp://example.com", "https://", "https://exa mple.com/cb", "https://user:pw@example.com/cb", "javascript:alert(1)"]) {
      expect(checkRedirectUri(text), text).toEqual(notHttps);
    }
  });
});

describe("redirectFor", () => {
  it("gives sign_in_url the chosen kind with its checked value", () => {
    expect(redirectFor({ kind: "loopback", port: "20000", redirectUri: "junk" })).toEqual({ ok: true, value: { kind: "loopback", port: 20000 } });
    expect(redirectFor({ kind: "manual", port: "junk", redirectUri: "https://example.com/cb" })).toEqual({
      ok: true,
      value: { kind: "manual", redirectUri: "https://example.com/cb" },
    });
  });
  it("is the chosen field's error when it is wrong", () => {
    expect(redirectFor({ kind: "loopback", port: "80", redirectUri: "https://example.com/cb" })).toEqual({ ok: false, error: "Use a port from 1024 to 65535." });
    expect(redirectFor({ kind: "manual", port: "17688", redirectUri: "http://example.com/cb" }).ok).toBe(false);
  });
  it("starts as the loopback listener on 17688", () => {
    expect(redirectFor(DEFAULT_REDIRECT)).toEqual({ ok: true, value: { kind: "loopback", port: 17688 } });
  });
});

describe("cleanRedirect", () => {
  it("keeps what was stored and fills in the rest", () => {
    expect(cleanRedirect({ kind: "manual", port: "20000", redirectUri: "https://example.com/cb" })).toEqual({
      kind: "manual",
      port: "20000",
      redirectUri: "https://example.com/cb",
    });
    expect(cleanRedirect({ kind: "manual" })).toEqual({ kind: "manual", port: "17688", redirectUri: "" });
  });
  it("drops what makes no sense", () => {
    for (const saved of [null, undefined, 7, "x", [], { kind: "carrier-pigeon", port: 5, redirectUri: { a: 1 } }]) {
      expect(cleanRedirect(saved)).toEqual(DEFAULT_REDIRECT);
    }
    expect(cleanRedirect({ redirectUri: "x".repeat(5000) }).redirectUri).toBe("");
  });
});
