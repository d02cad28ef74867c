// Settings: which provider profile searches go to, its gateway address, and
// its credentials. Values are written to the OS keychain through Rust; the
// screen only ever learns whether each one is saved.
import type { View } from "../app";
import type { Backend, ProfileView, SecretField } from "../backend";
import { h, mount, showError } from "../lib/dom";

/** The built-in demo catalog, whose gateway runs in-process on a port of this run's choosing. */
const DEMO_PROFILE = "demo";

const FIELDS: { field: SecretField; label: string }[] = [
  { field: "appKey", label: "App Key" },
  { field: "appSecret", label: "App Secret" },
  { field: "accessToken", label: "Access token" },
];

/**
 * Where a built-in profile's requests go (a proxy, another region, a local
 * sandbox): Save checks and keeps the typed address, Reset goes back to the
 * profile's own gateway. The demo's address is this run's loopback port: fixed.
 */
function gatewayRow(p: ProfileView, backend: Backend, refresh: () => void, say: (text: string) => void, fail: (err: unknown) => void): HTMLElement {
  const input = h("input", {
    type: "text",
    inputmode: "url",
    spellcheck: "false",
    autocomplete: "off",
    value: p.baseUrl,
    placeholder: "https://host[:port][/path]",
    "aria-label": `Gateway address for ${p.label}`,
    "data-testid": `gateway-${p.id}`,
  });
  const send = async (url: string | null, done: string) => {
    try {
      await backend.call("set_profile_base_url", { profile: p.id, url });
      say(done);
      refresh();
    } catch (err) {
      fail(err);
      input.focus();
    }
  };
  const save = h("button", { class: "secondary", "data-testid": `gateway-save-${p.id}` }, "Save");
  save.addEventListener("click", () => void send(input.value, `Gateway address for ${p.label} saved.`));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") void send(input.value, `Gateway address for ${p.label} saved.`);
  });
  const reset = h("button", { class: "secondary", "data-testid": `gateway-reset-${p.id}`, title: "Back to the profile's own gateway" }, "Reset");
  reset.addEventListener("click", () => void send(null, `Gateway address for ${p.label} reset to its default.`));
  return h("div", { class: "cred-row gateway-row" }, h("label", {}, "Gateway address"), h("span", {}), input, save, reset);
}

function profileCard(p: ProfileView, backend: Backend, refresh: () => void, say: (text: string) => void, fail: (err: unknown) => void): HTMLElement {
  const rows = FIELDS.map(({ field, label }) => {
    const saved = p.credentials[field];
    const input = h("input", {
      type: "password",
      autocomplete: "off",
      placeholder: saved ? "saved — type to replace" : "not set",
      "aria-label": `${label} for ${p.label}`,
      "data-testid": `cred-${p.id}-${field}`,
    });
    const save = h("button", { class: "secondary" }, "Save");
    save.addEventListener("click", async () => {
      if (!input.value) return;
      try {
        await backend.call("set_credential", { input: { profile: p.id, field, value: input.value } });
        input.value = "";
        say(`${label} saved to the keychain.`);
        refresh();
      } catch (err) {
        fail(err);
      }
    });
    const clear = h("button", { class: "secondary", disabled: !saved }, "Clear");
    clear.addEventListener("click", async () => {
      await backend.call("clear_credential", { profile: p.id, field }).catch(fail);
      refresh();
    });
    return h(
      "div",
      { class: "cred-row" },
      h("label", {}, label),
      h("span", { class: saved ? "dot on" : "dot", title: saved ? "saved" : "not set" }),
      input,
      save,
      clear,
    );
  });
  const use = h("button", { class: p.active ? "primary" : "secondary", disabled: p.active, "data-testid": `use-${p.id}` }, p.active ? "Active" : "Use");
  use.addEventListener("click", async () => {
    try {
      await backend.call("set_active_profile", { id: p.id });
      refresh();
    } catch (err) {
      fail(err);
    }
  });
  return h(
    "section",
    { class: `profile${p.active ? " active" : ""}`, "data-testid": `profile-${p.id}` },
    h("header", {}, h("div", {}, h("strong", {}, p.label), h("div", { class: "muted", "data-testid": `base-url-${p.id}` }, `${p.id} · ${p.baseUrl}`)), use),
    p.id === DEMO_PROFILE ? null : gatewayRow(p, backend, refresh, say, fail),
    ...rows,
  );
}

export const settingsView: View = (root, backend) => {
  const about = h("dl", { class: "facts", "data-testid": "about" });
  const status = h("p", { class: "status", role: "status", "data-testid": "settings-status" });
  const list = h("div", { class: "profiles", "data-testid": "profiles" });
  const say = (text: string) => (status.textContent = text);
  const fail = (err: unknown) => showError(status, err);

  function refresh(): void {
    backend
      .call("list_profiles", {})
      .then((profiles) => mount(list, ...profiles.map((p) => profileCard(p, backend, refresh, say, fail))))
      .catch(fail);
  }

  mount(
    root,
    h(
      "section",
      { class: "settings" },
      h("h1", {}, "Settings"),
      h("p", { class: "muted" }, "Credentials are kept in your system keychain, never in files. Without 1688 credentials, the Demo profile searches a built-in catalog."),
      status,
      list,
      h("h2", {}, "About"),
      about,
    ),
  );
  refresh();
  backend
    .call("app_info", {})
    .then((info) =>
      mount(
        about,
        h("dt", {}, "Version"),
        h("dd", {}, info.version),
        h("dt", {}, "Data folder"),
        h("dd", {}, info.dataDir),
        h("dt", {}, "Demo gateway"),
        h("dd", {}, info.demoUrl ?? "not running"),
      ),
    )
    .catch((err: unknown) => {
      const line = h("p", {});
      showError(line, err);
      mount(about, line);
    });
};
