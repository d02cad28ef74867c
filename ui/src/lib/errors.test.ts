import { describe, expect, it } from "vitest";
import { BackendError } from "../backend";
import { REMEDY, errorText, remedy, toBackendError } from "./errors";

describe("toBackendError", () => {
  it("keeps a backend error as it is", () => {
    const e = new BackendError({ kind: "photo.corrupt", message: "the image data is corrupt", hint: "Try another photo." });
    expect(toBackendError(e)).toBe(e);
  });
  it("turns a file the webview could not read into file.unreadable with a hint", () => {
    const e = toBackendError(new DOMException("A requested file could not be read", "NotReadableError"));
    expect(e.kind).toBe("file.unreadable");
    expect(e.hint).toMatch(/folder/);
  });
  it("keeps the message of anything else, without a hint", () => {
    expect(toBackendError(new TypeError("boom"))).toMatchObject({ kind: "ui", message: "boom", hint: null });
    expect(toBackendError("plain")).toMatchObject({ kind: "ui", message: "plain", hint: null });
  });
});

describe("errorText", () => {
  it("joins message and hint", () => {
    expect(errorText(new BackendError({ kind: "provider.quota_exhausted", message: "no quota left", hint: "Try tomorrow." }))).toBe("no quota left — Try tomorrow.");
  });
  it("is the message alone without a hint", () => {
    expect(errorText(new BackendError({ kind: "store.not_found", message: "no shortlist 3", hint: null }))).toBe("no shortlist 3");
  });
});

describe("remedy", () => {
  const failure = (kind: keyof typeof REMEDY) => new BackendError({ kind, message: kind, hint: null });
  it("keeps a stopped or replaced search or sign-in quiet, and nothing else", () => {
    expect(remedy(failure("search.cancelled"))).toBe("quiet");
    const quiet = Object.entries(REMEDY).filter(([, r]) => r === "quiet").map(([k]) => k);
    expect(quiet.sort()).toEqual(["search.cancelled", "signin.cancelled"]);
  });
  it("sends credential and profile problems to Settings, photo problems to another photo", () => {
    for (const kind of ["provider.bad_credentials", "provider.token_expired", "profile.missing_credential", "secrets.not_set"] as const) {
      expect(remedy(failure(kind)), kind).toBe("settings");
    }
    for (const kind of ["photo.corrupt", "provider.image_rejected", "clipboard.no_image", "ui.not_image"] as const) {
      expect(remedy(failure(kind)), kind).toBe("photo");
    }
  });
  it("lets only transient failures be tried again as they are", () => {
    expect(remedy(failure("provider.rate_limited"))).toBe("again");
    expect(remedy(failure("provider.network"))).toBe("again");
    expect(remedy(failure("provider.quota_exhausted"))).toBe("later");
    expect(remedy(failure("provider.signature_invalid"))).not.toBe("again");
  });
  it("treats anything thrown in the webview as a bug", () => {
    expect(remedy(new TypeError("boom"))).toBe("bug");
  });
});
