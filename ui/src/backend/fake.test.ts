import { describe, expect, it } from "vitest";
import { createFakeBackend } from "./fake";

describe("createFakeBackend", () => {
  it("records every call with its arguments, in order", async () => {
    const fake = createFakeBackend();
    await fake.call("create_shortlist", { name: "Tees" });
    await fake.call("list_shortlists", {});
    expect(fake.calls).toEqual([
      { command: "create_shortlist", args: { name: "Tees" } },
      { command: "list_shortlists", args: {} },
    ]);
    expect(fake.argsOf("create_shortlist")).toEqual([{ name: "Tees" }]);
  });
  it("records a copy, so later changes to the caller's objects do not rewrite it", async () => {
    const fake = createFakeBackend();
    const crop = { x: 1, y: 2, width: 40, height: 40 };
    await fake.call("search_photo", { request: { photoId: 1, crop, query: null } });
    crop.x = 99;
    expect(fake.argsOf("search_photo")[0].request.crop).toEqual({ x: 1, y: 2, width: 40, height: 40 });
  });
  it("records failed calls too", async () => {
    const fake = createFakeBackend();
    await expect(fake.call("paste_photo", {})).rejects.toMatchObject({ kind: "clipboard.no_image" });
    expect(fake.calls.map((c) => c.command)).toEqual(["paste_photo"]);
  });
  it("answers Open… with null while the dialog is cancelled", async () => {
    const fake = createFakeBackend();
    expect(await fake.call("open_photo", {})).toBeNull();
  });
  it("fails the next call to a command when told to, once", async () => {
    const fake = createFakeBackend();
    fake.failNext("list_history", { kind: "store.busy", message: "the database is busy", hint: "Try again." });
    await expect(fake.call("list_history", { page: 0, pageSize: 5 })).rejects.toMatchObject({ kind: "store.busy", hint: "Try again." });
    expect(await fake.call("list_history", { page: 0, pageSize: 5 })).toEqual([]);
  });
  it("takes overrides", async () => {
    const fake = createFakeBackend({ app_info: () => ({ version: "9", dataDir: "/x", activeProfile: "p", demoUrl: null }) });
    expect((await fake.call("app_info", {})).version).toBe("9");
  });
});
