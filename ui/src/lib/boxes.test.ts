import { describe, expect, it } from "vitest";
import type { RegionCandidate } from "../backend/bindings";
import { candidateBoxes, detectedBoxes, isDrag, percentStyle, sameBox } from "./boxes";
import { tr } from "./i18n";

const candidate = (x: number, y: number, width: number, height: number): RegionCandidate => ({ crop: { x, y, width, height }, score: 0.5, kind: "picture" });

describe("isDrag", () => {
  it("tells a click from a drag by a few pixels of movement", () => {
    expect(isDrag({ x: 10, y: 10 }, { x: 12, y: 11 })).toBe(false);
    expect(isDrag({ x: 10, y: 10 }, { x: 14, y: 10 })).toBe(true);
    expect(isDrag({ x: 10, y: 10 }, { x: 7, y: 7 })).toBe(true);
  });
});

describe("percentStyle", () => {
  it("places a box in percent of the photo", () => {
    expect(percentStyle({ x: 100, y: 30, width: 200, height: 150 }, 400, 300)).toBe("left:25%;top:10%;width:50%;height:50%");
    expect(percentStyle({ x: 1, y: 0, width: 1, height: 3 }, 3, 3)).toBe("left:33.3333%;top:0%;width:33.3333%;height:100%");
  });
});

describe("candidateBoxes", () => {
  const found = [candidate(80, 150, 880, 700), candidate(1024, 150, 224, 300), candidate(120, 300, 640, 480)];

  it("numbers the candidates best first and marks the one that is the crop", () => {
    const boxes = candidateBoxes(found, { x: 1024, y: 150, width: 224, height: 300 });
    expect(boxes.map((b) => b.rank)).toEqual([1, 2, 3]);
    expect(boxes.map((b) => b.current)).toEqual([false, true, false]);
    expect(boxes[1].crop).toEqual(found[1].crop);
  });

  it("names each box in English and Chinese", () => {
    expect(candidateBoxes(found, null)[2].label).toBe("Candidate 3 of 3: 640×480 at 120,300");
    expect(candidateBoxes(found, null, tr("zh").LL)[2].label).toBe("候选区域 3/3：640×480，位于 120,300");
  });

  it("has no boxes when nothing was found", () => {
    expect(candidateBoxes([], null)).toEqual([]);
  });
});

describe("detectedBoxes", () => {
  const candidates = [candidate(80, 150, 880, 700), candidate(1024, 150, 224, 300)];
  const searched = { x: 168, y: 290, width: 528, height: 350 };
  const a = { x: 731, y: 220, width: 194, height: 245 };
  const b = { x: 731, y: 535, width: 194, height: 245 };

  it("numbers 1688's objects after the candidates, in 1688's order, and marks the one that is the crop", () => {
    const boxes = detectedBoxes([a, b], { candidates, searched: null, crop: b });
    expect(boxes.map((d) => [d.kind, d.rank, d.current])).toEqual([
      ["detected", 3, false],
      ["detected", 4, true],
    ]);
    expect(boxes[0].crop).toEqual(a);
  });

  it("leaves out the region 1688 searched, a candidate's box, repeats and empty boxes", () => {
    const boxes = detectedBoxes([searched, a, { ...candidates[1].crop }, { ...a }, { x: 5, y: 5, width: 0, height: 9 }, b], { candidates, searched, crop: null });
    expect(boxes.map((d) => d.crop)).toEqual([a, b]);
    expect(boxes.map((d) => d.rank)).toEqual([3, 4]);
    expect(boxes.map((d) => d.index), "where each is in the answer's list, for its region").toEqual([1, 5]);
  });

  it("numbers from 1 when there are no candidates", () => {
    expect(detectedBoxes([a], { candidates: [], searched: null, crop: null })[0].rank).toBe(1);
  });

  it("names each box in English and Chinese", () => {
    expect(detectedBoxes([a], { candidates, searched, crop: null })[0].label).toBe("Object 1688 found, box 3: 194×245 at 731,220");
    expect(detectedBoxes([a], { candidates, searched, crop: null }, tr("zh").LL)[0].label).toBe("1688 识别的物体，框 3：194×245，位于 731,220");
  });
});

describe("sameBox", () => {
  it("compares every side", () => {
    const a = { x: 1, y: 2, width: 3, height: 4 };
    expect(sameBox(a, { ...a })).toBe(true);
    expect(sameBox(a, { ...a, height: 5 })).toBe(false);
    expect(sameBox(a, null)).toBe(false);
  });
});
