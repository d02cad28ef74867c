// The region 1688 searched, from the prepared image's pixels back to the
// photo's. A search sends the crop, shrunk to fit the profile's longest side
// (and, for profiles that want it, centred on a white square); 1688 answers
// with the part of that uploaded image it searched (`picRegion.current`).
// Pure, unit-tested; the stage draws the result over the photo.
import type { CropBox, PicRegion } from "../backend/bindings";

/** What the profile's image spec does to a crop: `zhaohuo_photo::ImageSpec`'s two geometric fields. */
export type PrepareSpec = { maxSide: number; padToSquare: boolean };

/**
 * The 1688 Open Platform profile's spec (`open_1688` in crates/providers
 * src/profile.rs): the one profile whose answers carry `picRegion`.
 * SearchResult does not say the prepared image's size, so the UI assumes this.
 */
export const AOP_SPEC: PrepareSpec = { maxSide: 800, padToSquare: false };

/** The picture part of the prepared image (before padding), and whether it was padded to a square. */
export type Prepared = { width: number; height: number; padToSquare: boolean };

/** `zhaohuo_photo::fit_within`: the longest side at most `maxSide`, never enlarged, the long side exact. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= maxSide) return { width, height };
  const scale = maxSide / long;
  // Rust's f64::round rounds halves away from zero; sides are positive, so floor(v + 0.5) matches.
  const shrink = (side: number) => (side === long ? maxSide : Math.min(Math.max(Math.floor(side * scale + 0.5), 1), maxSide));
  return { width: shrink(width), height: shrink(height) };
}

/** The image a search of `crop` uploads, as the pipeline prepares it for `spec`. */
export function preparedFor(crop: CropBox, spec: PrepareSpec = AOP_SPEC): Prepared {
  return { ...fitWithin(crop.width, crop.height, spec.maxSide), padToSquare: spec.padToSquare };
}

/**
 * `region` (prepared-image pixels) in the photo's pixels, for a search of
 * `crop` uploaded as `prepared`: the padding taken off, scaled back up to the
 * crop and moved to where the crop is, clipped to the crop (1688 may include
 * padding). Null when nothing of it lies on the picture.
 */
export function regionToPhoto(region: CropBox, crop: CropBox, prepared: Prepared): CropBox | null {
  const side = Math.max(prepared.width, prepared.height);
  // `Rgb::pad_to_square` centres with integer division.
  const padX = prepared.padToSquare ? Math.floor((side - prepared.width) / 2) : 0;
  const padY = prepared.padToSquare ? Math.floor((side - prepared.height) / 2) : 0;
  const sx = crop.width / prepared.width;
  const sy = crop.height / prepared.height;
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const x0 = clamp(crop.x + (region.x - padX) * sx, crop.x, crop.x + crop.width);
  const y0 = clamp(crop.y + (region.y - padY) * sy, crop.y, crop.y + crop.height);
  const x1 = clamp(crop.x + (region.x + region.width - padX) * sx, crop.x, crop.x + crop.width);
  const y1 = clamp(crop.y + (region.y + region.height - padY) * sy, crop.y, crop.y + crop.height);
  const box = { x: Math.round(x0), y: Math.round(y0), width: Math.round(x1) - Math.round(x0), height: Math.round(y1) - Math.round(y0) };
  return box.width > 0 && box.height > 0 ? box : null;
}

/**
 * Where on the photo 1688 searched, for a search of `crop` (null: the whole
 * `photo`) answered with `picRegion`; null when it did not say.
 */
export function searchedRegion(
  picRegion: PicRegion | null,
  crop: CropBox | null,
  photo: { width: number; height: number },
  spec: PrepareSpec = AOP_SPEC,
): CropBox | null {
  const current = picRegion?.current;
  if (!current) return null;
  const searched = crop ?? { x: 0, y: 0, width: photo.width, height: photo.height };
  return regionToPhoto(current, searched, preparedFor(searched, spec));
}
