// Both themes pass WCAG 2.1 AA for text (4.5:1): the test reads the colour
// variables of each theme from styles.css and checks every pair the UI puts
// text on background with.
import { describe, expect, it } from "vitest";
import css from "../styles.css?raw";


/** The `--name: #hex` variables declared in the first block whose selector is `selector`. */
function themeVars(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block in styles.css`);
  const block = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2]]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Text colour → the backgrounds it is shown on. */
const PAIRS: [string, string[]][] = [
  ["ink", ["bg", "panel", "field", "accent-soft", "image-none"]],
  ["muted", ["bg", "panel", "field", "accent-soft"]],
  ["accent", ["bg", "panel", "field", "accent-soft"]],
  ["on-accent", ["accent"]],
  ["danger", ["bg", "panel", "field"]],
  ["on-danger", ["danger"]],
  ["match", ["bg", "panel"]],
  ["panel", ["match"]],
  ["warn", ["bg", "panel"]],
  ["sidebar-ink", ["sidebar", "sidebar-hover"]],
];

const AA_TEXT = 4.5;

describe.each([
  ["light", ":root"],
  ["dark", ':root[data-theme="dark"]'],
])("the %s theme", (_name, selector) => {
  const vars = themeVars(selector);
  it("declares every colour the pairs use", () => {
    for (const [fg, bgs] of PAIRS) for (const name of [fg, ...bgs]) expect(vars[name], name).toMatch(/^#/);
  });
  it.each(PAIRS)("%s text is AA on its backgrounds", (fg, bgs) => {
    for (const bg of bgs) {
      const ratio = contrast(vars[fg], vars[bg]);
      expect(ratio, `${fg} ${vars[fg]} on ${bg} ${vars[bg]}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(AA_TEXT);
    }
  });
});

describe("contrast", () => {
  it("matches WCAG's reference values", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
});
