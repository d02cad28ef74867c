import { describe, expect, it } from "vitest";
import { tr } from "./i18n";
import { stageLine } from "./stage";

const SCREENSHOT = { kind: "screenshot", width: 1920, height: 1080, format: "png" } as const;

describe("stageLine", () => {
  it("says where the photo is being read from", () => {
    expect(stageLine({ kind: "reading", from: "pasted" })).toBe("Reading the pasted photo…");
    expect(stageLine({ kind: "reading", from: "dropped" }, tr("zh").LL)).toBe("正在读取拖入的图片…");
    expect(stageLine({ kind: "reading", from: "link" })).toBe("Fetching the picture from the link…");
    expect(stageLine({ kind: "reading", from: "link" }, tr("zh").LL)).toBe("正在从链接下载图片…");
  });
  it("says a search runs, and on what", () => {
    const searching = { kind: "searching", refresh: false, source: SCREENSHOT, origin: "pasted" } as const;
    expect(stageLine(searching)).toBe("Searching 1688… (Screenshot from the clipboard, 1920×1080 PNG)");
    expect(stageLine({ ...searching, refresh: true })).toBe("Asking 1688 again… (Screenshot from the clipboard, 1920×1080 PNG)");
    expect(stageLine(searching, tr("zh").LL)).toBe("正在搜索 1688…（剪贴板中的截图，1920×1080 PNG）");
  });
});
