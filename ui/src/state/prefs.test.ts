// The sign-in redirect chosen in Settings, remembered per profile with the other preferences.
import { describe, expect, it } from "vitest";
import { PREFS_KEY, Prefs, type KeyValue } from "./prefs.svelte";

function memory(): KeyValue & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe("the sign-in redirect preference", () => {
  it("starts as the loopback listener on 17688 for every profile", () => {
    const prefs = new Prefs(memory(), ["en"]);
    expect(prefs.redirectOf("1688-open")).toEqual({ kind: "loopback", port: "17688", redirectUri: "" });
  });
  it("is remembered per profile, with the other preferences", () => {
    const storage = memory();
    const first = new Prefs(storage, ["en"]);
    first.setTheme("dark");
    first.setRedirect("1688-open", { kind: "manual", port: "20000", redirectUri: "https://example.com/cb" });
    first.setRedirect("other", { kind: "loopback", port: "30000", redirectUri: "" });
    const again = new Prefs(storage, ["en"]);
    expect(again.redirectOf("1688-open")).toEqual({ kind: "manual", port: "20000", redirectUri: "https://example.com/cb" });
    expect(again.redirectOf("other")).toEqual({ kind: "loopback", port: "30000", redirectUri: "" });
    expect(again.redirectOf("demo")).toEqual({ kind: "loopback", port: "17688", redirectUri: "" });
    expect(again.theme).toBe("dark");
  });
  it("falls back to the default when what was stored makes no sense", () => {
    const storage = memory();
    storage.setItem(PREFS_KEY, JSON.stringify({ signIn: { "1688-open": { kind: "fax", port: 12 }, bad: "x" } }));
    const prefs = new Prefs(storage, ["en"]);
    expect(prefs.redirectOf("1688-open")).toEqual({ kind: "loopback", port: "17688", redirectUri: "" });
    expect(prefs.redirectOf("bad")).toEqual({ kind: "loopback", port: "17688", redirectUri: "" });
  });
});
