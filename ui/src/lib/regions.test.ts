import { describe, expect, it } from "vitest";
import type { CropBox, PicRegion } from "../backend/bindings";
import { preparedRegions } from "./regions";

const box = (x: number, y: number, width: number, height: number): CropBox => ({ x, y, width, height });
const pic = (current: CropBox | null, detected: CropBox[]): PicRegion => ({ current, detected, currentRaw: null, detectedRaw: [] });

// A crop {50,38,300,225} prepared at twice its size with an 8 px margin: photo = 50 + (p − 8) / 2.
const onPhoto = (p: CropBox) => box(50 + (p.x - 8) / 2, 38 + (p.y - 8) / 2, p.width / 2, p.height / 2);
const searchedP = box(68, 98, 360, 226);
const a = box(452, 60, 132, 158);
const b = box(452, 256, 132, 158);

describe("preparedRegions", () => {
  it("pairs each object on the photo with 1688's region of the same place in its list", () => {
    const sent = [searchedP, a, b];
    expect(preparedRegions(sent.map(onPhoto), pic(searchedP, sent), onPhoto(searchedP))).toEqual(sent);
  });

  it("knows none without 1688's regions", () => {
    expect(preparedRegions([box(1, 2, 3, 4)], null, null)).toEqual([null]);
  });

  it("when the shell left one out (all in the padding), tells which is which from the region searched", () => {
    const padding = box(0, 0, 6, 6); // nothing of it on the photo
    const sent = [searchedP, padding, a, b];
    const shown = [searchedP, a, b].map(onPhoto);
    expect(preparedRegions(shown, pic(searchedP, sent), onPhoto(searchedP))).toEqual([searchedP, a, b]);
  });

  it("knows none of those it cannot tell, and none when there is no region searched to learn from", () => {
    const sent = [searchedP, box(0, 0, 6, 6), a];
    const shown = [onPhoto(searchedP), box(300, 200, 10, 10)];
    expect(preparedRegions(shown, pic(searchedP, sent), onPhoto(searchedP))).toEqual([searchedP, null]);
    expect(preparedRegions([onPhoto(a)], pic(null, [searchedP, a]), null)).toEqual([null]);
  });
});
