// Settings: the provider profiles (which is active, gateway, which credentials
// are saved: never their values) and facts about this install.
import type { AppInfo, Backend, ProfileView } from "../backend";
import { toBackendError } from "../lib/errors";
import type { TranslationFunctions } from "../lib/i18n";
import { IDLE, type Status } from "./status";

export class SettingsStore {
  profiles = $state.raw<ProfileView[]>([]);
  info = $state.raw<AppInfo | null>(null);
  infoError = $state.raw<Status>(IDLE);
  status = $state.raw<Status>(IDLE);

  #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** The profile searches go to, once known. */
  get active(): ProfileView | null {
    return this.profiles.find((p) => p.active) ?? null;
  }

  fail(err: unknown): void {
    this.status = { kind: "error", error: toBackendError(err) };
  }

  say(text: (LL: TranslationFunctions) => string): void {
    this.status = { kind: "text", text };
  }

  async refresh(): Promise<void> {
    try {
      this.profiles = await this.#backend.call("list_profiles", {});
    } catch (err) {
      this.fail(err);
    }
  }

  async loadInfo(): Promise<void> {
    try {
      this.info = await this.#backend.call("app_info", {});
    } catch (err) {
      this.infoError = { kind: "error", error: toBackendError(err) };
    }
  }

  /** Runs a change, then reads the profiles again; false when it failed (the error is shown). */
  async change(run: (backend: Backend) => Promise<unknown>, done?: (LL: TranslationFunctions) => string): Promise<boolean> {
    try {
      await run(this.#backend);
      if (done) this.say(done);
      await this.refresh();
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }
}
