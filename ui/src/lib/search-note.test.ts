import { describe, expect, it } from "vitest";
import { fakeOffers } from "../backend/fake";
import { countLine, mergeNote, newOffers, offerKeys, searchNote, type NoteInput } from "./search-note";

const plain: NoteInput = { filtersRemote: [], filtersLocal: [], sortRemote: true, filteredOut: 0, fromCache: false };

describe("searchNote", () => {
  it("says nothing when no filter ran and the answer is fresh", () => {
    expect(searchNote(plain)).toEqual({ filters: null, cache: null });
  });
  it("says which filters 1688 ran and which ran here, with what they hid", () => {
    const note = searchNote({ ...plain, filtersRemote: ["priceRange"], filtersLocal: ["maxMoq", "freeShipping"], filteredOut: 3 });
    expect(note.filters).toBe("Filtered by 1688: price. Filtered here (the API can't): max MOQ, free shipping — 3 offers hidden.");
    expect(note.cache).toBeNull();
  });
  it("counts one hidden offer in the singular, and leaves out a count of none", () => {
    expect(searchNote({ ...plain, filtersLocal: ["factoryOnly"], filteredOut: 1 }).filters).toBe(
      "Filtered here (the API can't): factories only — 1 offer hidden.",
    );
    expect(searchNote({ ...plain, filtersLocal: ["dropshipOnly"] }).filters).toBe("Filtered here (the API can't): dropship.");
    expect(searchNote({ ...plain, filtersRemote: ["freeShipping", "dropshipOnly"] }).filters).toBe("Filtered by 1688: free shipping, dropship.");
  });
  it("names a sort only when Zhaohuo had to do it", () => {
    expect(searchNote({ ...plain, sortRemote: false }, "moq").filters).toBe("Sorted here by MOQ.");
    expect(searchNote({ ...plain, sortRemote: true }, "moq").filters).toBeNull();
    expect(searchNote({ ...plain, sortRemote: false }, "relevance").filters).toBeNull();
  });
  it("says a cached answer used no quota", () => {
    expect(searchNote({ ...plain, fromCache: true })).toEqual({
      filters: null,
      cache: "From your local cache (searched in the last 6 hours; no quota used)",
    });
  });
});

describe("mergeNote", () => {
  it("adds up hidden offers and joins the filters of every page", () => {
    const first = { ...plain, filtersLocal: ["maxMoq" as const], filteredOut: 2, fromCache: true };
    const more = { ...plain, filtersLocal: ["maxMoq" as const, "freeShipping" as const], filteredOut: 3, sortRemote: false };
    expect(mergeNote(first, more)).toEqual({ filtersRemote: [], filtersLocal: ["maxMoq", "freeShipping"], sortRemote: false, filteredOut: 5, fromCache: true });
  });
});

describe("newOffers", () => {
  it("keeps only offers not shown yet, in order, and remembers them", () => {
    const shown = offerKeys(fakeOffers(3));
    const page2 = [...fakeOffers(2, 2), ...fakeOffers(2, 3)]; // 2, 3, 3, 4
    expect(newOffers(shown, page2).map((o) => o.offerId)).toEqual(["610000000003", "610000000004"]);
    expect(newOffers(shown, fakeOffers(5))).toEqual([]);
  });
  it("tells the same offer id from two profiles apart", () => {
    const shown = offerKeys(fakeOffers(1));
    const other = { ...fakeOffers(1)[0], profile: "1688-open" };
    expect(newOffers(shown, [other])).toEqual([other]);
  });
});

describe("countLine", () => {
  it("shows the total only when there are more", () => {
    expect(countLine(12, 40, "demo")).toBe("12 offers of 40 from demo.");
    expect(countLine(12, null, "demo")).toBe("12 offers from demo.");
    expect(countLine(12, 8, "demo")).toBe("12 offers from demo.");
    expect(countLine(1, 1, "demo")).toBe("1 offer from demo.");
  });
});
