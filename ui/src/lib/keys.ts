// The keyboard shortcuts as data: which action a key press asks for, given
// where it was pressed. Pure (the event's few fields in, an action out), so
// Vitest covers the rules and App.svelte only carries actions out.
import { isPasteShortcut, isTextField, type FieldLike } from "./photo-input";

export type Action =
  | "paste" // Ctrl/Cmd+V outside a text field: a photo from the clipboard
  | "open" // Ctrl/Cmd+O: the Open… dialog
  | "help" // ?: the shortcuts overlay
  | "escape" // Esc: close the overlay or panel, else stop the search
  | "next" // ↓ →: the next offer
  | "previous" // ↑ ←: the previous offer
  | "enter" // Enter: open the selected offer, else search again
  | "shortlist"; // S: the selected offer onto the last-used shortlist

export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  repeat?: boolean;
  target: (FieldLike & { readonly role?: string | null }) | null;
};

/** Elements whose own keys (Enter, Space, arrows) must keep working: buttons, links, selects, summaries. */
const OWN_KEYS = new Set(["BUTTON", "A", "SELECT", "SUMMARY", "OPTION"]);

/** What the key press asks for, or null when it belongs to the page (typing, a button, a select). */
export function actionFor(press: KeyPress): Action | null {
  const tag = press.target?.tagName?.toUpperCase() ?? "";
  const typing = isTextField(press.target) || tag === "SELECT";
  if (isPasteShortcut(press)) return typing || press.repeat ? null : "paste";
  const mod = press.ctrlKey || press.metaKey;
  if (mod && !press.altKey && press.key.toLowerCase() === "o") return "open";
  if (press.key === "Escape") return "escape";
  if (mod || press.altKey || typing) return null;
  if (press.key === "?") return "help";
  if (OWN_KEYS.has(tag)) return null;
  switch (press.key) {
    case "ArrowDown":
    case "ArrowRight":
      return "next";
    case "ArrowUp":
    case "ArrowLeft":
      return "previous";
    case "Enter":
      return "enter";
    case "s":
    case "S":
      return "shortlist";
    default:
      return null;
  }
}

/** The overlay's rows: the keys (as shown) and the catalogue key of what they do. */
export const SHORTCUTS = [
  { keys: ["Ctrl", "V"], does: "paste" },
  { keys: ["Ctrl", "O"], does: "open" },
  { keys: ["Enter"], does: "enter" },
  { keys: ["Esc"], does: "escape" },
  { keys: ["↑", "↓"], does: "arrows" },
  { keys: ["S"], does: "shortlist" },
  { keys: ["?"], does: "help" },
] as const;
