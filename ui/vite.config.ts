import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// `--mode fake` builds the UI over the in-memory backend for browser tests;
// the default build talks to the Tauri shell.
export default defineConfig(({ mode }) => ({
  clearScreen: false,
  plugins: [svelte()],
  define: { __FAKE_BACKEND__: JSON.stringify(mode === "fake") },
  build: { target: "es2022", sourcemap: mode !== "production" },
  // `css.include`: the theme test reads styles.css as text (`?raw`), which Vitest blanks by default.
  test: { include: ["src/**/*.test.ts"], environment: "node", css: { include: [/styles\.css/] } },
}));
