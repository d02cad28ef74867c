// Sample product photos bundled with the app (from demo/photos, made small),
// so a new buyer can try a search with one click. They are inlined as data
// URLs: the window's CSP lets pages show `data:` images but fetch nothing.
import mug from "../assets/samples/03-ceramic-mug.jpg?inline";
import sneakers from "../assets/samples/05-sneakers.jpg?inline";
import tote from "../assets/samples/04-canvas-tote-bag.jpg?inline";
import tshirt from "../assets/samples/01-t-shirt.jpg?inline";

/** `file` names the sample in the catalogue (`search.sampleNames`). */
export type Sample = { file: "tshirt" | "mug" | "tote" | "sneakers"; url: string };

export const SAMPLES: Sample[] = [
  { file: "tshirt", url: tshirt },
  { file: "mug", url: mug },
  { file: "tote", url: tote },
  { file: "sneakers", url: sneakers },
];

/** The bytes of a `data:…;base64,` URL. */
export function dataUrlBytes(url: string): Uint8Array {
  const b64 = url.slice(url.indexOf(",") + 1);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export function sampleBytes(file: Sample["file"]): Uint8Array {
  const sample = SAMPLES.find((s) => s.file === file);
  return sample ? dataUrlBytes(sample.url) : new Uint8Array();
}
