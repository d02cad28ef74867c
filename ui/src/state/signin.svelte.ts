// "Sign in with 1688" and "Test connection" for one profile: how it is signed
// in (facts only, never a token), a sign-in under way, and the last test's
// report. Rust opens the authorize page in the browser; this then waits for
// the browser to come back to the loopback listener, or (for the app's own
// registered redirect address) for the buyer to paste what it showed.
import type { Backend, ConnectionReport, SignInRedirect, SignInStatus } from "../backend";
import { toBackendError } from "../lib/errors";
import type { TranslationFunctions } from "../lib/i18n";
import { IDLE, type Status } from "./status";

export class SignInStore {
  signIn = $state.raw<SignInStatus | null>(null);
  report = $state.raw<ConnectionReport | null>(null);
  /** Waiting for the browser to come back to the loopback listener. */
  waiting = $state(false);
  /** Started with the app's registered redirect address: waiting for the buyer to paste the code or address. */
  awaitingPaste = $state(false);
  /** The loopback port the sign-in under way listens on (null: none, or a pasted redirect). */
  port = $state<number | null>(null);
  testing = $state(false);
  status = $state.raw<Status>(IDLE);

  #backend: Backend;
  readonly profile: string;

  constructor(backend: Backend, profile: string) {
    this.#backend = backend;
    this.profile = profile;
  }

  #fail(err: unknown): void {
    const error = toBackendError(err);
    // The loopback wait ends so when the buyer cancels or pastes instead:
    // nothing to show (whoever ended it has said what happened).
    if (error.kind === "signin.cancelled") return;
    this.status = { kind: "error", error };
  }

  #say(text: (LL: TranslationFunctions) => string): void {
    this.status = { kind: "text", text };
  }

  async refresh(): Promise<void> {
    try {
      this.signIn = await this.#backend.call("sign_in_status", { profile: this.profile });
    } catch (err) {
      this.#fail(err);
    }
  }

  /** Opens 1688's page in the browser (from Rust), then waits for it to come back, or for a paste. */
  async start(redirect: SignInRedirect): Promise<void> {
    const profile = this.profile;
    this.awaitingPaste = false;
    try {
      const started = await this.#backend.call("sign_in_url", { profile, redirect });
      this.port = started.port;
      if (redirect.kind === "manual") {
        this.awaitingPaste = true;
        this.#say((LL) => LL.signin.pasteAfter());
        return;
      }
      this.waiting = true;
      this.#say((LL) => LL.signin.waiting());
      this.signIn = await this.#backend.call("finish_sign_in", { profile, pasted: null });
      this.#say((LL) => LL.signin.done());
    } catch (err) {
      this.#fail(err);
    } finally {
      if (redirect.kind === "loopback") {
        this.waiting = false;
        this.port = null;
      }
    }
  }

  /** Finishes with the code, or the whole address, the browser showed. False when it failed. */
  async paste(text: string): Promise<boolean> {
    if (!text.trim()) return false;
    try {
      this.signIn = await this.#backend.call("finish_sign_in", { profile: this.profile, pasted: text });
      this.awaitingPaste = false;
      this.#say((LL) => LL.signin.done());
      return true;
    } catch (err) {
      this.#fail(err);
      return false;
    }
  }

  async cancel(): Promise<void> {
    try {
      await this.#backend.call("cancel_sign_in", { profile: this.profile });
      this.awaitingPaste = false;
      this.status = IDLE;
    } catch (err) {
      this.#fail(err);
    }
  }

  async signOut(): Promise<void> {
    try {
      await this.#backend.call("sign_out", { profile: this.profile });
      this.awaitingPaste = false;
      this.report = null;
      this.#say((LL) => LL.signin.signedOutDone());
      await this.refresh();
    } catch (err) {
      this.#fail(err);
    }
  }

  async test(): Promise<void> {
    this.testing = true;
    this.report = null;
    try {
      this.report = await this.#backend.call("test_connection", { profile: this.profile });
      this.status = IDLE;
    } catch (err) {
      this.#fail(err);
    } finally {
      this.testing = false;
    }
  }
}
