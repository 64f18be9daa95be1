#!/usr/bin/env node
// Builds dist/src from src without type-checking: each file is transpiled on its own
// (TypeScript's transpileModule), which needs a fraction of the memory of `tsc`. For devices
// built from a git checkout (a Pi Zero 2 W has 512 MB); the workstation and CI run the full,
// type-checked `npm run build`, so nothing unchecked is ever shipped. --help for usage.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('Usage: node scripts/transpile.mjs [--out DIR]\nWrites DIR/src/**/*.js (DIR is dist by default) from src/**/*.ts without type-checking (low memory; for devices).');
  process.exit(0);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = values.out ?? join(root, 'dist');
// LAUNDRY_SORTER_TYPESCRIPT: a TypeScript installed on its own (the device build installs only
// the program's packages, and TypeScript beside them).
const ts = (await import(process.env.LAUNDRY_SORTER_TYPESCRIPT ?? 'typescript')).default;
const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, esModuleInterop: true, sourceMap: false };

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let count = 0;
for (const file of files(join(root, 'src'))) {
  const out = join(outDir, relative(root, file));
  mkdirSync(dirname(out), { recursive: true });
  if (file.endsWith('.ts')) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
    writeFileSync(out.replace(/\.ts$/, '.js'), outputText);
    count++;
  } else if (file.endsWith('.py')) {
    copyFileSync(file, out);
  }
}
console.log(`transpiled ${count} files into ${join(outDir, 'src')}`);
