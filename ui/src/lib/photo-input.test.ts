import { describe, expect, it } from "vitest";
import { dragIntent, isPasteShortcut, isTextField, pasteAction, photoFromDrop, photoFromPaste } from "./photo-input";

const file = (name: string, type: string) => ({ name, type });
const item = (kind: string, type: string, got: { name: string } | null = { name: `${kind}:${type}` }) => ({
  kind,
  type,
  getAsFile: () => got,
});

describe("photoFromDrop", () => {
  it("takes the image file, wherever it is in the drop", () => {
    expect(photoFromDrop({ files: [file("notes.txt", "text/plain"), file("a.png", "image/png")] })?.name).toBe("a.png");
  });
  it("prefers a typed image over a file the OS could not type", () => {
    expect(photoFromDrop({ files: [file("IMG_1.heic", ""), file("b.jpg", "image/jpeg")] })?.name).toBe("b.jpg");
  });
  it("falls back to an untyped file, which Rust judges by content", () => {
    expect(photoFromDrop({ files: [file("notes.txt", "text/plain"), file("IMG_1.heic", "")] })?.name).toBe("IMG_1.heic");
  });
  it("is null for non-images, empty drops and no data", () => {
    expect(photoFromDrop({ files: [file("a.pdf", "application/pdf")] })).toBeNull();
    expect(photoFromDrop({ files: [] })).toBeNull();
    expect(photoFromDrop(null)).toBeNull();
  });
});

describe("photoFromPaste", () => {
  it("takes the first image file item, skipping text and HTML", () => {
    const data = { items: [item("string", "text/plain"), item("string", "text/html"), item("file", "image/png")] };
    expect(photoFromPaste(data)).toEqual({ name: "file:image/png" });
  });
  it("ignores non-image files and items whose file is unavailable", () => {
    const data = { items: [item("file", "application/pdf"), item("file", "image/png", null), item("file", "image/jpeg")] };
    expect(photoFromPaste(data)).toEqual({ name: "file:image/jpeg" });
  });
  it("is null for text-only pastes and no data", () => {
    expect(photoFromPaste({ items: [item("string", "text/plain")] })).toBeNull();
    expect(photoFromPaste(undefined)).toBeNull();
  });
});

describe("isTextField", () => {
  it("knows where the buyer types", () => {
    expect(isTextField({ tagName: "TEXTAREA" })).toBe(true);
    expect(isTextField({ tagName: "INPUT", type: "text" })).toBe(true);
    expect(isTextField({ tagName: "INPUT", type: "password" })).toBe(true);
    expect(isTextField({ tagName: "input", type: "" })).toBe(true);
    expect(isTextField({ tagName: "DIV", isContentEditable: true })).toBe(true);
  });
  it("does not count buttons, checkboxes, selects, the page or nothing", () => {
    expect(isTextField({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isTextField({ tagName: "INPUT", type: "file" })).toBe(false);
    expect(isTextField({ tagName: "BUTTON" })).toBe(false);
    expect(isTextField({ tagName: "SELECT" })).toBe(false);
    expect(isTextField({ tagName: "BODY", isContentEditable: false })).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});

describe("pasteAction", () => {
  const image = { items: [item("file", "image/png")] };
  const text = { items: [item("string", "text/plain")] };
  it("uses an image in the event", () => {
    expect(pasteAction(image, { tagName: "BODY" })).toEqual({ kind: "file", file: { name: "file:image/png" } });
  });
  it("asks Rust when the event holds no image (screenshots the webview cannot see)", () => {
    expect(pasteAction(text, { tagName: "BODY" })).toEqual({ kind: "backend" });
    expect(pasteAction(null, null)).toEqual({ kind: "backend" });
  });
  it("leaves pastes into text fields alone, image or not", () => {
    expect(pasteAction(text, { tagName: "INPUT", type: "search" })).toEqual({ kind: "ignore" });
    expect(pasteAction(image, { tagName: "TEXTAREA" })).toEqual({ kind: "ignore" });
  });
});

describe("isPasteShortcut", () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }>) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
  it("is Ctrl+V or Cmd+V, with Caps Lock or Shift too", () => {
    expect(isPasteShortcut(key("v", { ctrlKey: true }))).toBe(true);
    expect(isPasteShortcut(key("V", { ctrlKey: true }))).toBe(true);
    expect(isPasteShortcut(key("v", { metaKey: true }))).toBe(true);
  });
  it("is not V alone, Ctrl+C or AltGr combinations", () => {
    expect(isPasteShortcut(key("v", {}))).toBe(false);
    expect(isPasteShortcut(key("c", { ctrlKey: true }))).toBe(false);
    expect(isPasteShortcut(key("v", { ctrlKey: true, altKey: true }))).toBe(false);
  });
});

describe("dragIntent", () => {
  const body = { tagName: "BODY" };
  const input = { tagName: "INPUT", type: "text" };
  it("treats files from outside as a photo, wherever they are dropped", () => {
    expect(dragIntent({ types: ["Files"], internal: false, target: body })).toBe("photo");
    expect(dragIntent({ types: ["Files"], internal: false, target: input })).toBe("photo");
  });
  it("treats outside drags without files as a photo attempt too (the drop says it was not one)", () => {
    expect(dragIntent({ types: ["text/uri-list", "text/plain"], internal: false, target: body })).toBe("photo");
  });
  it("lets text land in text fields", () => {
    expect(dragIntent({ types: ["text/plain"], internal: false, target: input })).toBe("editable");
    expect(dragIntent({ types: ["text/plain"], internal: true, target: { tagName: "TEXTAREA" } })).toBe("editable");
  });
  it("ignores drags that started in the page", () => {
    expect(dragIntent({ types: ["text/uri-list"], internal: true, target: body })).toBe("ignore");
    expect(dragIntent({ types: ["Files"], internal: true, target: body })).toBe("ignore");
  });
});
