import "./styles.css";
import { flushSync, mount } from "svelte";
import App from "./App.svelte";
import { createBackend } from "./backend";
import { setLocale } from "./i18n/i18n-svelte";
import "./lib/i18n"; // loads the catalogues
import { AppState } from "./state/app.svelte";

/** localStorage, or null where the webview refuses it (the prefs then last one session). */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const root = document.getElementById("app");
if (root) {
  void createBackend().then((backend) => {
    const app = new AppState(backend, storage(), navigator.languages?.length ? navigator.languages : [navigator.language]);
    setLocale(app.prefs.locale); // before the first paint: no flash of the other language
    mount(App, { target: root, props: { app } });
    // Run onMount now: the window-wide drop and paste listeners are in place once the drop zone shows.
    flushSync();
  });
}
