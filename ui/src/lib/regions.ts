// Which of 1688's own regions each object on the photo is. A search's answer
// has 1688's `picRegion` (prepared-image pixels, what 1688 takes back as
// `query.region`) and the shell's `detectedRegions` (the same boxes on the
// buyer's photo, for drawing). The shell maps `picRegion.detected` in order
// and leaves out a box with nothing on the photo (all in the padding), so
// `detectedRegions[i]` is `picRegion.detected[i]` unless one was left out;
// then the map (a scale and a shift per axis, learnt from `current` and
// `searchedRegion`) says which is which. Pure, unit-tested.
import type { CropBox, PicRegion } from "../backend/bindings";

/** How far (photo px) a box mapped with the learnt scale may be from the shell's and still be it. */
const TOLERANCE_PX = 2;

type Axis = { scale: number; shift: number };

/** The learnt map of one axis from a box in prepared pixels and the same box on the photo; null when it cannot be learnt. */
function axis(from: number, fromLen: number, to: number, toLen: number): Axis | null {
  if (fromLen <= 0 || toLen <= 0) return null;
  const scale = toLen / fromLen;
  return { scale, shift: to - from * scale };
}

/**
 * The prepared-image region of each of `detectedRegions` (same order, same
 * length): the entry of `picRegion.detected` it was mapped from, or null
 * when the answer does not say (no `picRegion`, or a box that cannot be told).
 */
export function preparedRegions(detectedRegions: CropBox[], picRegion: PicRegion | null, searchedRegion: CropBox | null): (CropBox | null)[] {
  const none = detectedRegions.map(() => null);
  if (!picRegion) return none;
  const sent = picRegion.detected;
  if (sent.length === detectedRegions.length) return [...sent];
  // Some were left out: learn the map from the region searched, then match in order.
  const cur = picRegion.current;
  if (!cur || !searchedRegion) return none;
  const ax = axis(cur.x, cur.width, searchedRegion.x, searchedRegion.width);
  const ay = axis(cur.y, cur.height, searchedRegion.y, searchedRegion.height);
  if (!ax || !ay) return none;
  const near = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE_PX;
  const fits = (p: CropBox, d: CropBox) =>
    near(p.x * ax.scale + ax.shift, d.x) &&
    near(p.y * ay.scale + ay.shift, d.y) &&
    near((p.x + p.width) * ax.scale + ax.shift, d.x + d.width) &&
    near((p.y + p.height) * ay.scale + ay.shift, d.y + d.height);
  let next = 0;
  return detectedRegions.map((d) => {
    for (let j = next; j < sent.length; j++) {
      if (fits(sent[j], d)) {
        next = j + 1;
        return sent[j];
      }
    }
    return null;
  });
}
