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

  /**
   * The profiles until one is active, asking again after 0.25, 0.5, 1, 2, 2… s
   * (at most `tries` times): the demo profile is listed only once its in-process
   * gateway runs, which the app starts after the window opens.
   */
  async untilActive(tries = 10): Promise<void> {
    for (let i = 0; i < tries; i++) {
      await this.refresh();
      if (this.active || this.status.kind === "error") return;
      await new Promise((r) => setTimeout(r, Math.min(2000, 250 * 2 ** i)));
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
