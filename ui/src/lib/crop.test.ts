import { describe, expect, it } from "vitest";
import { cropFromDrag } from "./crop";

describe("cropFromDrag", () => {
  it("spans the drag in either direction", () => {
    expect(cropFromDrag({ x: 10, y: 20 }, { x: 110, y: 220 }, 400, 300)).toEqual({ x: 10, y: 20, width: 100, height: 200 });
    expect(cropFromDrag({ x: 110, y: 220 }, { x: 10, y: 20 }, 400, 300)).toEqual({ x: 10, y: 20, width: 100, height: 200 });
  });
  it("clamps to the photo", () => {
    expect(cropFromDrag({ x: -50, y: -5 }, { x: 999, y: 999 }, 400, 300)).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  });
  it("refuses boxes under 32 px a side", () => {
    expect(cropFromDrag({ x: 0, y: 0 }, { x: 31, y: 100 }, 400, 300)).toBeNull();
    expect(cropFromDrag({ x: 0, y: 0 }, { x: 32, y: 32 }, 400, 300)).toEqual({ x: 0, y: 0, width: 32, height: 32 });
  });
});
