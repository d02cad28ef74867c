// The language searches ask 1688's cross-border APIs to translate titles into
// (`lang`, their `country`) follows the window's language, as it is when each
// search is sent.
import { describe, expect, it } from "vitest";
import { createFakeBackend } from "../backend/fake";
import type { LoadedPhoto } from "../backend";
import { AppState } from "./app.svelte";
import type { KeyValue } from "./prefs.svelte";

const PHOTO: LoadedPhoto = {
  photoId: 1,
  width: 400,
  height: 300,
  format: "png",
  suggestedCrop: { x: 50, y: 38, width: 300, height: 225 },
  preview: "data:image/png;base64,",
  candidates: [],
  source: { kind: "photo", width: 400, height: 300, format: "png" },
};

function memory(): KeyValue {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe("a search's lang", () => {
  it("is the UI language when the search is sent", async () => {
    const fake = createFakeBackend({ load_photo: () => PHOTO });
    const app = new AppState(fake, memory(), ["zh-CN"]);
    await app.search.receive(() => Promise.resolve(PHOTO), "dropped");
    app.prefs.setLocale("en");
    await app.search.search();
    expect(fake.argsOf("search_photo").map((a) => a.request.query?.lang)).toEqual(["zh", "en"]);
    expect(app.search.query.lang).toBeNull(); // the filter bar's query itself names no language
  });
});
