// What a place's status line says. Words are produced when shown (`text(LL)`),
// so a status written in English reads in Chinese after a language switch.
import type { BackendError } from "../backend";
import type { TranslationFunctions } from "../lib/i18n";

export type Status =
  | { kind: "idle" }
  | { kind: "text"; text: (LL: TranslationFunctions) => string }
  | { kind: "notice"; text: (LL: TranslationFunctions) => string }
  | { kind: "error"; error: BackendError };

export const IDLE: Status = { kind: "idle" };
