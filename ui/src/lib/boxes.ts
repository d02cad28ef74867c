// Boxes drawn over the photo: the crop, the candidate regions the app found,
// the region 1688 searched and the other objects 1688 found. Pure geometry and
// words, unit-tested; CropStage draws what these return.
import type { CropBox, RegionCandidate } from "../backend/bindings";
import { EN, type TranslationFunctions } from "./i18n";
import type { Point } from "./crop";

/** How far (screen px) a press must move before it is a drag rather than a click. */
export const DRAG_THRESHOLD_PX = 4;

/** Whether the pointer moved from `a` to `b` far enough to be drawing a crop. */
export function isDrag(a: Point, b: Point, threshold = DRAG_THRESHOLD_PX): boolean {
  return Math.hypot(b.x - a.x, b.y - a.y) >= threshold;
}

/** `left/top/width/height` in percent of a `width × height` photo, for an absolutely placed box. */
export function percentStyle(box: CropBox, width: number, height: number): string {
  const pct = (v: number, of: number) => `${+((v * 100) / of).toFixed(4)}%`;
  return `left:${pct(box.x, width)};top:${pct(box.y, height)};width:${pct(box.width, width)};height:${pct(box.height, height)}`;
}

export function sameBox(a: CropBox | null | undefined, b: CropBox | null | undefined): boolean {
  return !!a && !!b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/**
 * One box the buyer can pick as the crop, as the stage shows it: a candidate
 * the app found or an object 1688 found; its 1-based number (candidates
 * first, then 1688's objects), box and accessible name.
 */
export type PickBox = { kind: "candidate" | "detected"; rank: number; crop: CropBox; label: string; current: boolean };
/** A candidate region's box. */
export type CandidateBox = PickBox & { kind: "candidate" };
/** An object 1688 found: `index` is its place in the answer's `detectedRegions`. */
export type DetectedBox = PickBox & { kind: "detected"; index: number };

/**
 * The candidates as boxes, best first (the order Tab visits them in), each
 * named "Candidate 2 of 5: 640×480 at 120,300"; `current` marks the one that
 * is the crop now.
 */
export function candidateBoxes(candidates: RegionCandidate[], crop: CropBox | null, LL: TranslationFunctions = EN.LL): CandidateBox[] {
  return candidates.map((c, i) => ({
    kind: "candidate",
    rank: i + 1,
    crop: c.crop,
    current: sameBox(c.crop, crop),
    label: LL.search.candidate({ rank: i + 1, count: candidates.length, width: c.crop.width, height: c.crop.height, x: c.crop.x, y: c.crop.y }),
  }));
}

/**
 * The objects 1688 found on the photo (`detectedRegions`) as boxes numbered
 * after the `candidates`, in 1688's order, each named "Object 1688 found, box
 * 6: 69×79 at 266,60". Left out: the one 1688 searched (1688 lists it among
 * the detected, and it is outlined already), one that is a candidate's box,
 * and repeats. `current` marks the one that is the crop now; `index` is where
 * each is in `detected`.
 */
export function detectedBoxes(
  detected: CropBox[],
  seen: { candidates: RegionCandidate[]; searched: CropBox | null; crop: CropBox | null },
  LL: TranslationFunctions = EN.LL,
): DetectedBox[] {
  const taken: CropBox[] = [...seen.candidates.map((c) => c.crop), ...(seen.searched ? [seen.searched] : [])];
  const other: { box: CropBox; index: number }[] = [];
  for (const [index, box] of detected.entries()) {
    if (box.width <= 0 || box.height <= 0 || taken.some((t) => sameBox(t, box))) continue;
    taken.push(box);
    other.push({ box, index });
  }
  return other.map(({ box, index }, i) => {
    const rank = seen.candidates.length + i + 1;
    return {
      kind: "detected",
      rank,
      index,
      crop: box,
      current: sameBox(box, seen.crop),
      label: LL.search.detected({ rank, width: box.width, height: box.height, x: box.x, y: box.y }),
    };
  });
}
