// The one module that imports @tauri-apps/*: everything else sees `Backend`.
import { invoke } from "@tauri-apps/api/core";
import { BackendError, type Backend } from "./index";
import type { ErrorPayload } from "./bindings";

function isErrorPayload(value: unknown): value is ErrorPayload {
  return typeof value === "object" && value !== null && "kind" in value && "message" in value;
}

export function createTauriBackend(): Backend {
  return {
    async call(command, args) {
      try {
        // A command whose one argument is `body` takes raw bytes (photos), not JSON.
        const payload = "body" in args && args.body instanceof Uint8Array ? args.body : (args as Record<string, unknown>);
        return await invoke(command, payload);
      } catch (err) {
        if (isErrorPayload(err)) throw new BackendError(err);
        throw new BackendError({ kind: "ipc", message: String(err), hint: null });
      }
    },
  };
}
