import { describe, expect, it } from "vitest";
import { BackendError } from "../backend";
import { catalogueHint, errorText, hintFor, toBackendError } from "./errors";
import { EN, tr } from "./i18n";

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

describe("hints in the buyer's language", () => {
  const busy = new BackendError({ kind: "store.busy", message: "database is locked", hint: "Rust's words" });
  it("come from the catalogue by kind", () => {
    expect(hintFor(busy)).toBe("Close other Zhaohuo windows and try again.");
    expect(hintFor(busy, tr("zh").LL)).toBe("关闭其他找货窗口后重试。");
    expect(hintFor(new BackendError({ kind: "internal", message: "x", hint: null }), tr("zh").LL)).toMatch(/日志/);
  });
  it("fall back to Rust's hint for a kind the catalogue does not know", () => {
    const odd = new BackendError({ kind: "provider.new_thing", message: "x", hint: "Rust says so." });
    expect(hintFor(odd, tr("zh").LL)).toBe("Rust says so.");
    expect(catalogueHint("store", EN.LL)).toBeUndefined();
    expect(catalogueHint("store.busy.more", EN.LL)).toBeUndefined();
  });
  it("word the UI's own errors in the buyer's language", () => {
    const e = new BackendError({ kind: "ui.not_image", message: "that was not an image file", hint: null });
    expect(errorText(e, tr("zh").LL)).toBe("这不是图片文件 — 请拖入 JPEG、PNG、WebP、GIF、BMP 或 TIFF 图片。");
  });
});
