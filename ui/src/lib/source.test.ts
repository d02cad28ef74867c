import { describe, expect, it } from "vitest";
import type { SourceDescription } from "../backend/bindings";
import { tr } from "./i18n";
import { sourceWords } from "./source";

const src = (kind: SourceDescription["kind"], width: number, height: number, format: SourceDescription["format"]): SourceDescription => ({
  kind,
  width,
  height,
  format,
});
const ZH = tr("zh").LL;

describe("sourceWords", () => {
  it("names a pasted screenshot with its size and format", () => {
    expect(sourceWords(src("screenshot", 1920, 1080, "png"), "pasted")).toBe("Screenshot from the clipboard, 1920×1080 PNG");
    expect(sourceWords(src("screenshot", 1920, 1080, "png"), "pasted", ZH)).toBe("剪贴板中的截图，1920×1080 PNG");
  });

  it("says clipboard pixels came from the clipboard and gives them no format name (never rawrgba)", () => {
    expect(sourceWords(src("screenshot", 1366, 768, "pasted"), "pasted")).toBe("Screenshot from the clipboard, 1366×768");
    expect(sourceWords(src("screenshot", 1366, 768, "pasted"), "dropped")).toBe("Screenshot from the clipboard, 1366×768");
  });

  it("names a dropped or chosen file by what it is", () => {
    expect(sourceWords(src("photo", 4032, 3024, "jpeg"), "dropped")).toBe("Photo file, 4032×3024 JPEG");
    expect(sourceWords(src("photo", 4032, 3024, "jpeg"), "chosen", ZH)).toBe("照片文件，4032×3024 JPEG");
    expect(sourceWords(src("screenshot", 1280, 720, "webp"), "chosen")).toBe("Screenshot file, 1280×720 WebP");
    expect(sourceWords(src("photo", 640, 480, "other"), "chosen")).toBe("Photo file, 640×480");
  });

  it("names an image from a link", () => {
    expect(sourceWords(src("photo", 800, 800, "jpeg"), "link")).toBe("Image from a link, 800×800 JPEG");
    expect(sourceWords(src("photo", 800, 800, "jpeg"), "link", ZH)).toBe("链接中的图片，800×800 JPEG");
  });

  it("has a name for every format and kind in both languages", () => {
    const formats = ["jpeg", "png", "webp", "gif", "bmp", "tiff", "pasted", "other"] as const;
    for (const LL of [tr("en").LL, ZH]) {
      for (const format of formats) {
        for (const kind of ["screenshot", "photo"] as const) {
          const words = sourceWords(src(kind, 10, 20, format), "chosen", LL);
          expect(words).toMatch(/10×20/);
          expect(words).not.toMatch(/pasted|other|rawrgba|undefined|screenshot|photo\b/);
        }
      }
    }
  });
});
