// Where 1688 sends the browser back after the buyer approves Zhaohuo, as the
// Settings form holds it: Zhaohuo's own one-shot listener on 127.0.0.1 (the
// port typed), or the redirect address registered for the buyer's app (the
// buyer then pastes what the browser showed). Pure, unit-tested.
import type { SignInRedirect } from "../backend/bindings";
import { EN, type TranslationFunctions } from "./i18n";

export type RedirectKind = SignInRedirect["kind"];

export const REDIRECT_KINDS: RedirectKind[] = ["loopback", "manual"];

/** The port the loopback listener takes when the buyer names none (core's `DEFAULT_LOOPBACK_PORT`). */
export const DEFAULT_PORT = 17688;
/** Ports below this are the system's; 65535 is the last there is. */
export const MIN_PORT = 1024;
export const MAX_PORT = 65535;

/** The redirect choice as the form holds it (the port and address as typed), remembered per profile. */
export type RedirectForm = { kind: RedirectKind; port: string; redirectUri: string };

export const DEFAULT_REDIRECT: RedirectForm = { kind: "loopback", port: String(DEFAULT_PORT), redirectUri: "" };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** The port typed: whole digits, 1024–65535. */
export function checkPort(text: string, LL: TranslationFunctions = EN.LL): Checked<number> {
  const t = text.trim();
  if (!t) return { ok: false, error: LL.signin.redirect.portMissing() };
  if (!/^\d+$/.test(t)) return { ok: false, error: LL.signin.redirect.portNotNumber() };
  const port = Number(t);
  if (port < MIN_PORT || port > MAX_PORT) return { ok: false, error: LL.signin.redirect.portRange({ min: MIN_PORT, max: MAX_PORT }) };
  return { ok: true, value: port };
}

/** The address the loopback listener answers, which must be registered as the app's redirect URI. */
export function loopbackUri(port: number): string {
  return `http://127.0.0.1:${port}/callback`;
}

/** The registered redirect address typed: an https address with a host, no spaces and no user name or password in it. */
export function checkRedirectUri(text: string, LL: TranslationFunctions = EN.LL): Checked<string> {
  const t = text.trim();
  if (!t) return { ok: false, error: LL.signin.redirect.uriMissing() };
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return { ok: false, error: LL.signin.redirect.uriNotHttps() };
  }
  if (url.protocol !== "https:" || !url.hostname || /\s/.test(t) || url.username || url.password) {
    return { ok: false, error: LL.signin.redirect.uriNotHttps() };
  }
  return { ok: true, value: t };
}

/** The form → the redirect `sign_in_url` is given, or why the field of the chosen kind is wrong. */
export function redirectFor(form: RedirectForm, LL: TranslationFunctions = EN.LL): Checked<SignInRedirect> {
  if (form.kind === "loopback") {
    const port = checkPort(form.port, LL);
    return port.ok ? { ok: true, value: { kind: "loopback", port: port.value } } : port;
  }
  const uri = checkRedirectUri(form.redirectUri, LL);
  return uri.ok ? { ok: true, value: { kind: "manual", redirectUri: uri.value } } : uri;
}

/** A remembered form as it was stored (anything): its parts that make sense, the defaults for the rest. */
export function cleanRedirect(saved: unknown): RedirectForm {
  const s = (saved && typeof saved === "object" ? saved : {}) as Record<string, unknown>;
  const text = (v: unknown, fallback: string) => (typeof v === "string" && v.length <= 2000 ? v : fallback);
  return {
    kind: s.kind === "manual" ? "manual" : "loopback",
    port: text(s.port, DEFAULT_REDIRECT.port),
    redirectUri: text(s.redirectUri, DEFAULT_REDIRECT.redirectUri),
  };
}
