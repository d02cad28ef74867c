// The catalogue stays whole and lean: both languages have every key with the
// same parameters, and every key is used somewhere in the UI's source. (Keys
// under errors.hints are looked up by error kind at run time, so they are
// exempt from "used" but not from "complete".)
import { describe, expect, it } from "vitest";
import en from "./en";
import zh from "./zh";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

/** `{name}` / `{name:type}` parameters of a message (`{{s}}` plurals are not parameters). */
function params(message: string): string[] {
  return [...message.replace(/\{\{[^}]*\}\}/g, "").matchAll(/\{(\w+)(?::\w+)?\}/g)].map((m) => m[1]).sort();
}

/** The UI's source, tests and the catalogue itself left out. */
const files = import.meta.glob(["../**/*.ts", "../**/*.svelte", "!../**/*.test.ts", "!../i18n/**"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

const base = leaves(en as unknown as Tree);
const chinese = leaves(zh as unknown as Tree);
const code = Object.values(files).join("\n");

describe("the catalogue", () => {
  it("has every English key in Chinese and no other", () => {
    expect([...chinese.keys()].sort()).toEqual([...base.keys()].sort());
  });

  it("gives each message the same parameters in both languages, and no empty message", () => {
    for (const [key, message] of base) {
      expect(params(chinese.get(key) ?? ""), key).toEqual(params(message));
      expect(message.trim(), key).not.toBe("");
      expect((chinese.get(key) ?? "").trim(), key).not.toBe("");
    }
  });

  it("reads the source it checks", () => {
    expect(Object.keys(files)).toContain("../views/Search.svelte");
    expect(Object.keys(files).some((f) => f.startsWith("../i18n/"))).toBe(false);
  });

  it("uses every key in the source (directly, or by a group indexed with the key's name)", () => {
    const unused = [...base.keys()].filter((key) => {
      if (key.startsWith("errors.hints.")) return false;
      if (code.includes(`LL.${key}(`)) return false;
      const parent = key.slice(0, key.lastIndexOf("."));
      const leaf = key.slice(key.lastIndexOf(".") + 1);
      return !(code.includes(`LL.${parent}[`) && code.includes(`"${leaf}"`));
    });
    expect(unused).toEqual([]);
  });
});
