import { describe, expect, it } from "vitest";
import { actionFor, type KeyPress } from "./keys";

const body = { tagName: "BODY" };
const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, target: body, ...more });

describe("actionFor", () => {
  it("pastes and opens with Ctrl or Cmd, outside text fields", () => {
    expect(actionFor(press("v", { ctrlKey: true }))).toBe("paste");
    expect(actionFor(press("V", { metaKey: true }))).toBe("paste");
    expect(actionFor(press("v", { ctrlKey: true, target: { tagName: "INPUT", type: "text" } }))).toBeNull();
    expect(actionFor(press("v", { ctrlKey: true, repeat: true }))).toBeNull();
    expect(actionFor(press("o", { ctrlKey: true }))).toBe("open");
    expect(actionFor(press("o", { ctrlKey: true, target: { tagName: "TEXTAREA" } }))).toBe("open");
  });
  it("moves, opens and shortlists from the page, never while typing", () => {
    expect(actionFor(press("ArrowDown"))).toBe("next");
    expect(actionFor(press("ArrowLeft", { target: { tagName: "LI" } }))).toBe("previous");
    expect(actionFor(press("Enter", { target: { tagName: "LI" } }))).toBe("enter");
    expect(actionFor(press("s"))).toBe("shortlist");
    expect(actionFor(press("s", { target: { tagName: "INPUT", type: "search" } }))).toBeNull();
    expect(actionFor(press("ArrowDown", { target: { tagName: "SELECT" } }))).toBeNull();
    expect(actionFor(press("s", { ctrlKey: true }))).toBeNull();
  });
  it("leaves Enter on a button to the button", () => {
    expect(actionFor(press("Enter", { target: { tagName: "BUTTON" } }))).toBeNull();
  });
  it("opens the overlay with ? and closes or stops with Esc, even from a field", () => {
    expect(actionFor(press("?", { shiftKey: true }))).toBe("help");
    expect(actionFor(press("?", { target: { tagName: "INPUT", type: "text" } }))).toBeNull();
    expect(actionFor(press("Escape", { target: { tagName: "INPUT", type: "text" } }))).toBe("escape");
  });
});
