import { describe, expect, it } from "vitest";
import { BackendError, type AnyKind } from "../backend";

/** A kind this UI does not know (sent by a newer core): typed as one only for the test. */
const unknownKind = (k: string) => k as AnyKind;
import { catalogueHint, errorLine, hintFor } from "./hints";
import { EN, tr } from "./i18n";

describe("hints in the buyer's language", () => {
  const busy = new BackendError({ kind: "store.busy", message: "database is locked", hint: "Rust's words" });
  it("come from the catalogue by kind", () => {
    expect(hintFor(busy)).toBe("Close other Zhaohuo windows and try again.");
    expect(hintFor(busy, tr("zh").LL)).toBe("关闭其他找货窗口后重试。");
    expect(hintFor(new BackendError({ kind: "internal", message: "x", hint: null }), tr("zh").LL)).toMatch(/日志/);
  });
  it("fall back to Rust's hint for a kind the catalogue does not know", () => {
    const odd = new BackendError({ kind: unknownKind("provider.new_thing"), message: "x", hint: "Rust says so." });
    expect(hintFor(odd, tr("zh").LL)).toBe("Rust says so.");
    expect(catalogueHint("store", EN.LL)).toBeUndefined();
    expect(catalogueHint("store.busy.more", EN.LL)).toBeUndefined();
  });
  it("word the UI's own errors in the buyer's language, message and hint on one line", () => {
    const e = new BackendError({ kind: "ui.not_image", message: "that was not an image file", hint: null });
    expect(errorLine(e, tr("zh").LL)).toBe("这不是图片文件 — 请拖入 JPEG、PNG、WebP、GIF、BMP 或 TIFF 图片。");
    expect(errorLine(new BackendError({ kind: unknownKind("k"), message: "no quota left", hint: "Try tomorrow." }))).toBe("no quota left — Try tomorrow.");
    expect(errorLine(new BackendError({ kind: unknownKind("k"), message: "no shortlist 3", hint: null }))).toBe("no shortlist 3");
  });
});
