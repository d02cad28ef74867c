import { toBackendError } from "./errors";

/** A tiny element builder: `h("button", { class: "primary", onclick }, "Go")`. */
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces everything inside `parent` with `children`. */
export function mount(parent: HTMLElement, ...children: Child[]): void {
  parent.replaceChildren(
    ...children.filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false).map((c) =>
      c instanceof Node ? c : String(c),
    ),
  );
}

/**
 * The one error display: the message (`data-testid="error"`, `data-kind` for
 * tests and styling) and the hint after it, replacing what `target` showed.
 */
export function showError(target: HTMLElement, err: unknown): void {
  const e = toBackendError(err);
  target.replaceChildren(
    h("span", { class: "error", "data-testid": "error", "data-kind": e.kind }, e.message),
    ...(e.hint ? [h("span", { class: "hint", "data-testid": "error-hint" }, ` — ${e.hint}`)] : []),
  );
}

/** A calm note in a status line: nothing failed, the buyer just needs to know something. */
export function showNotice(target: HTMLElement, text: string): void {
  target.replaceChildren(h("span", { class: "notice", "data-testid": "notice" }, text));
}
