import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** TypeScript in <script lang="ts">; runes everywhere (no legacy reactive statements). */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};
