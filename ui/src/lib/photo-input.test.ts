import { describe, expect, it } from "vitest";
import { dragIntent, dropAction, isPasteShortcut, isTextField, linkFromData, linkFromUriList, pasteAction, photoFromDrop, photoFromPaste, webLink } from "./photo-input";

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

describe("webLink", () => {
  it("takes a single http(s) address, trimmed", () => {
    expect(webLink("https://cbu01.alicdn.com/img/a.jpg")).toBe("https://cbu01.alicdn.com/img/a.jpg");
    expect(webLink("  https://example.com/p.png?x=1#y \n")).toBe("https://example.com/p.png?x=1#y");
    expect(webLink("HTTPS://Example.com/a.webp")).toBe("HTTPS://Example.com/a.webp");
  });
  it("takes http too, so Rust can say why only https is fetched", () => {
    expect(webLink("http://example.com/a.jpg")).toBe("http://example.com/a.jpg");
  });
  it("is null for text that is not one address", () => {
    expect(webLink("纯棉短袖T恤")).toBeNull();
    expect(webLink("see https://example.com/a.jpg")).toBeNull();
    expect(webLink("https://example.com/a.jpg https://example.com/b.jpg")).toBeNull();
    expect(webLink("example.com/a.jpg")).toBeNull();
    expect(webLink("ftp://example.com/a.jpg")).toBeNull();
    expect(webLink("file:///home/me/a.jpg")).toBeNull();
    expect(webLink("https://")).toBeNull();
    expect(webLink("")).toBeNull();
    expect(webLink(null)).toBeNull();
  });
});

describe("linkFromUriList", () => {
  it("takes the first address, skipping comments and blank lines", () => {
    expect(linkFromUriList("# from the browser\r\n\r\nhttps://a.example/1.png\r\nhttps://b.example/2.png")).toBe("https://a.example/1.png");
  });
  it("is null without an address", () => {
    expect(linkFromUriList("# only a comment")).toBeNull();
    expect(linkFromUriList("")).toBeNull();
  });
});

describe("linkFromData", () => {
  const data = (texts: Record<string, string>) => ({ getData: (type: string) => texts[type] ?? "" });
  it("prefers the uri-list to the plain text", () => {
    expect(linkFromData(data({ "text/uri-list": "https://a.example/1.png", "text/plain": "https://b.example/2.png" }))).toBe("https://a.example/1.png");
  });
  it("falls back to plain text that is an address", () => {
    expect(linkFromData(data({ "text/plain": " https://b.example/2.png " }))).toBe("https://b.example/2.png");
    expect(linkFromData(data({ "text/uri-list": "# nothing", "text/plain": "https://b.example/2.png" }))).toBe("https://b.example/2.png");
  });
  it("is null for other text, no text, or data that cannot be read", () => {
    expect(linkFromData(data({ "text/plain": "a T-shirt" }))).toBeNull();
    expect(linkFromData({})).toBeNull();
    expect(linkFromData(null)).toBeNull();
    expect(
      linkFromData({
        getData: () => {
          throw new Error("gone");
        },
      }),
    ).toBeNull();
  });
});

describe("pasteAction with a link", () => {
  const withText = (texts: Record<string, string>, items = [item("string", "text/plain")]) => ({ items, getData: (type: string) => texts[type] ?? "" });
  it("loads an address in the paste's text", () => {
    expect(pasteAction(withText({ "text/plain": "https://a.example/1.png" }), { tagName: "BODY" })).toEqual({ kind: "link", url: "https://a.example/1.png" });
    expect(pasteAction(withText({ "text/uri-list": "https://a.example/u.png" }), { tagName: "BODY" })).toEqual({ kind: "link", url: "https://a.example/u.png" });
  });
  it("takes the image over the address when the paste has both", () => {
    const both = withText({ "text/plain": "https://a.example/1.png" }, [item("string", "text/plain"), item("file", "image/png")]);
    expect(pasteAction(both, { tagName: "BODY" })).toEqual({ kind: "file", file: { name: "file:image/png" } });
  });
  it("asks Rust for the clipboard when the text is no address", () => {
    expect(pasteAction(withText({ "text/plain": "a T-shirt" }), { tagName: "BODY" })).toEqual({ kind: "backend" });
  });
  it("leaves an address pasted into a text field to the field", () => {
    expect(pasteAction(withText({ "text/plain": "https://a.example/1.png" }), { tagName: "INPUT", type: "url" })).toEqual({ kind: "ignore" });
  });
});

describe("dropAction", () => {
  const drop = (files: { name: string; type: string }[], texts: Record<string, string> = {}) => ({ files, getData: (type: string) => texts[type] ?? "" });
  it("takes the files when there are any, even with an address beside them", () => {
    expect(dropAction(drop([file("a.png", "image/png")], { "text/uri-list": "https://a.example/1.png" }))).toEqual({ kind: "file", file: { name: "a.png", type: "image/png" } });
    expect(dropAction(drop([file("notes.txt", "text/plain")], { "text/uri-list": "https://a.example/1.png" }))).toEqual({ kind: "file", file: null });
  });
  it("takes a dragged link when there are no files: uri-list first, then plain text", () => {
    expect(dropAction(drop([], { "text/uri-list": "https://a.example/1.png", "text/plain": "https://b.example/2.png" }))).toEqual({ kind: "link", url: "https://a.example/1.png" });
    expect(dropAction(drop([], { "text/plain": "https://b.example/2.png" }))).toEqual({ kind: "link", url: "https://b.example/2.png" });
  });
  it("is no photo for text without an address, or no data", () => {
    expect(dropAction(drop([], { "text/plain": "hello" }))).toEqual({ kind: "file", file: null });
    expect(dropAction(null)).toEqual({ kind: "file", file: null });
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
