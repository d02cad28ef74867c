// Turning a drag on the photo into a crop box the Rust side accepts.
import type { CropBox } from "../backend";

export type Point = { x: number; y: number };

/** The smallest crop the photo pipeline accepts, per side. */
export const MIN_CROP_SIDE = 32;

/**
 * The box spanned by a drag from `a` to `b` (photo pixels), clamped to the
 * photo and rounded; `null` while it is smaller than the minimum on a side.
 */
export function cropFromDrag(a: Point, b: Point, width: number, height: number): CropBox | null {
  const clampX = (v: number) => Math.min(Math.max(v, 0), width);
  const clampY = (v: number) => Math.min(Math.max(v, 0), height);
  const x0 = Math.round(clampX(Math.min(a.x, b.x)));
  const y0 = Math.round(clampY(Math.min(a.y, b.y)));
  const x1 = Math.round(clampX(Math.max(a.x, b.x)));
  const y1 = Math.round(clampY(Math.max(a.y, b.y)));
  if (x1 - x0 < MIN_CROP_SIDE || y1 - y0 < MIN_CROP_SIDE) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
