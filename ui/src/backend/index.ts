// The UI's only door to the outside. Views call `Backend`; which one they get
// (the Tauri shell or an in-memory fake for tests) is decided here, once.
import type { Commands, ErrorPayload, Kind } from "./bindings";

export type * from "./bindings";

export type CommandName = Extract<keyof Commands, string>;
export type Args<K extends CommandName> = Commands[K]["args"];
export type Returns<K extends CommandName> = Commands[K]["returns"];

/**
 * Kinds the webview gives failures that never came from Rust: anything thrown
 * in the UI (`ui`), a drop that was not an image (`ui.not_image`), an IPC
 * failure without a payload (`ipc`), a command the fake backend cannot answer
 * (`fake.unhandled`). Rust's own kinds are the generated `Kind`.
 */
export type UiKind = "ui" | "ui.not_image" | "ipc" | "fake.unhandled";

/** Every kind a `BackendError` can carry; comparing it with a name not in here fails `tsc`. */
export type AnyKind = Kind | UiKind;

/** What a failure carries: Rust's `ErrorPayload`, or the same shape made in the webview. */
export type FailurePayload = Omit<ErrorPayload, "kind"> & { kind: AnyKind };

/** A failed command, carrying the `{kind, message, hint}` the Rust side sent. */
export class BackendError extends Error {
  readonly kind: AnyKind;
  readonly hint: string | null;
  constructor(payload: FailurePayload) {
    super(payload.message);
    this.name = "BackendError";
    this.kind = payload.kind;
    this.hint = payload.hint;
  }
}

export interface Backend {
  /** Calls a typed command; rejects with `BackendError`. */
  call<K extends CommandName>(command: K, args: Args<K>): Promise<Returns<K>>;
}

/** Picks the backend for this build: the fake only in the browser-test build. */
export async function createBackend(): Promise<Backend> {
  if (__FAKE_BACKEND__) {
    const { createFakeBackend } = await import("./fake");
    const fake = createFakeBackend();
    // Browser tests read the recorded calls and set the fake clipboard and
    // Open… dialog here. Only the fake build has this: the real one has no fake.
    (globalThis as { zhaohuoFake?: unknown }).zhaohuoFake = fake;
    return fake;
  }
  const { createTauriBackend } = await import("./tauri");
  return createTauriBackend();
}
