/** Set by vite.config.ts: true in the browser-test build that uses the fake backend. */
declare const __FAKE_BACKEND__: boolean;
/// <reference types="svelte" />
/// <reference types="vite/client" />
