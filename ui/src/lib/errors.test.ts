import { describe, expect, it } from "vitest";
import { BackendError } from "../backend";
import { errorText, toBackendError } from "./errors";

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
    expect(errorText(new BackendError({ kind: "k", message: "no quota left", hint: "Try tomorrow." }))).toBe("no quota left — Try tomorrow.");
  });
  it("is the message alone without a hint", () => {
    expect(errorText(new BackendError({ kind: "k", message: "no shortlist 3", hint: null }))).toBe("no shortlist 3");
  });
});
