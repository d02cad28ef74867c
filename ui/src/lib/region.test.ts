import { describe, expect, it } from "vitest";
import type { PicRegion } from "../backend/bindings";
import { AOP_SPEC, fitWithin, preparedFor, regionToPhoto, searchedRegion } from "./region";

const pic = (current: PicRegion["current"]): PicRegion => ({ current, detected: [], currentRaw: null, detectedRaw: [] });

describe("fitWithin (as zhaohuo_photo::fit_within)", () => {
  it("leaves a small picture alone and shrinks a large one to the longest side", () => {
    expect(fitWithin(300, 225, 800)).toEqual({ width: 300, height: 225 });
    expect(fitWithin(4032, 3024, 800)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(880, 700, 800)).toEqual({ width: 800, height: 636 });
    expect(fitWithin(1000, 3000, 800)).toEqual({ width: 267, height: 800 });
  });
  it("rounds halves up like Rust and keeps at least a pixel", () => {
    expect(fitWithin(1600, 5, 800)).toEqual({ width: 800, height: 3 }); // 2.5 → 3
    expect(fitWithin(8000, 1, 800)).toEqual({ width: 800, height: 1 });
  });
});

describe("regionToPhoto", () => {
  it("maps a region of an unscaled whole photo to the same pixels", () => {
    const whole = { x: 0, y: 0, width: 400, height: 300 };
    expect(regionToPhoto({ x: 10, y: 20, width: 100, height: 50 }, whole, preparedFor(whole))).toEqual({ x: 10, y: 20, width: 100, height: 50 });
  });

  it("scales a region of a shrunk whole photo back up", () => {
    const whole = { x: 0, y: 0, width: 4032, height: 3024 };
    expect(preparedFor(whole)).toEqual({ width: 800, height: 600, padToSquare: false });
    expect(regionToPhoto({ x: 100, y: 150, width: 400, height: 300 }, whole, preparedFor(whole))).toEqual({
      x: 504,
      y: 756,
      width: 2016,
      height: 1512,
    });
  });

  it("places a region of a cropped search relative to the crop", () => {
    const crop = { x: 50, y: 38, width: 300, height: 225 };
    expect(regionToPhoto({ x: 30, y: 45, width: 180, height: 113 }, crop, preparedFor(crop))).toEqual({ x: 80, y: 83, width: 180, height: 113 });
  });

  it("scales and moves a region of a crop that was shrunk", () => {
    const crop = { x: 80, y: 150, width: 880, height: 700 };
    // Prepared 800×636: x ×1.1, y ×700/636.
    expect(regionToPhoto({ x: 80, y: 127, width: 480, height: 318 }, crop, preparedFor(crop))).toEqual({ x: 168, y: 290, width: 528, height: 350 });
  });

  it("takes the padding off a square-padded upload and clips what lies on it", () => {
    const crop = { x: 100, y: 100, width: 400, height: 200 };
    const prepared = preparedFor(crop, { maxSide: 800, padToSquare: true });
    // 400×200 centred on a 400×400 square: 100 px of white above and below.
    expect(regionToPhoto({ x: 0, y: 100, width: 400, height: 200 }, crop, prepared)).toEqual(crop);
    expect(regionToPhoto({ x: 40, y: 50, width: 100, height: 100 }, crop, prepared)).toEqual({ x: 140, y: 100, width: 100, height: 50 });
    expect(regionToPhoto({ x: 40, y: 0, width: 100, height: 90 }, crop, prepared)).toBeNull();
  });

  it("clips a region that runs past the uploaded image", () => {
    const crop = { x: 10, y: 10, width: 100, height: 100 };
    expect(regionToPhoto({ x: 50, y: 50, width: 500, height: 500 }, crop, preparedFor(crop))).toEqual({ x: 60, y: 60, width: 50, height: 50 });
  });
});

describe("searchedRegion", () => {
  const photo = { width: 1600, height: 1000 };
  it("reads 1688's current region for the crop searched", () => {
    const crop = { x: 1024, y: 150, width: 224, height: 300 };
    expect(searchedRegion(pic({ x: 22, y: 60, width: 134, height: 150 }), crop, photo)).toEqual({ x: 1046, y: 210, width: 134, height: 150 });
  });
  it("takes the whole photo when the search had no crop", () => {
    // 1600×1000 went up as 800×500.
    expect(searchedRegion(pic({ x: 100, y: 100, width: 200, height: 100 }), null, photo, AOP_SPEC)).toEqual({ x: 200, y: 200, width: 400, height: 200 });
  });
  it("is null when 1688 said nothing or only listed detected regions", () => {
    expect(searchedRegion(null, null, photo)).toBeNull();
    expect(searchedRegion(pic(null), null, photo)).toBeNull();
  });
});
