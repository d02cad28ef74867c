// Settings: the active provider profile and its credentials (kept in the OS keychain).
import type { View } from "../app";
import { h, mount } from "../lib/dom";

export const settingsView: View = (root, backend) => {
  const about = h("dl", { class: "facts", "data-testid": "about" });
  mount(root, h("section", { class: "settings" }, h("h1", {}, "Settings"), about));
  backend
    .call("app_info", {})
    .then((info) =>
      mount(about, h("dt", {}, "Version"), h("dd", {}, info.version), h("dt", {}, "Data folder"), h("dd", {}, info.dataDir)),
    )
    .catch((err: Error) => mount(about, h("p", { class: "error" }, err.message)));
};
