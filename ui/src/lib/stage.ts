// What a search is doing, in words, from what the UI can see. The shell
// reports no progress inside a search (no event, no status command): reading
// the photo is `load_photo` (Rust decodes it, makes the preview and finds the
// candidates), and preparing, uploading, searching and saving all happen
// inside one `search_photo` call. So the UI names two stages, each as long as
// its call runs. Pure, unit-tested.
import type { SourceDescription } from "../backend/bindings";
import { EN, type TranslationFunctions } from "./i18n";
import { sourceWords, type Origin } from "./source";

/** Where a photo is being read from (the reading words name it). */
export type ReadFrom = "dropped" | "pasted" | "chosen" | "link";

export type Stage =
  | { kind: "reading"; from: ReadFrom }
  | { kind: "searching"; refresh: boolean; source: SourceDescription; origin: Origin };

/** The stage's name, for `data-stage` and tests. */
export type StageName = Stage["kind"];

/** "Reading the pasted photo…", "Searching 1688… (Photo file, 400×300 PNG)". */
export function stageLine(stage: Stage, LL: TranslationFunctions = EN.LL): string {
  if (stage.kind === "reading") return LL.search.reading[stage.from]();
  return LL.search.working({
    stage: stage.refresh ? LL.search.refreshing() : LL.search.searching(),
    source: sourceWords(stage.source, stage.origin, LL),
  });
}
