#!/usr/bin/env node
// `npm run build` (and `prepare`, which `npm ci` runs): compiles src/ and pipelines/ to dist/ with tsc,
// so `bin/vetreport.mjs` starts without a TypeScript loader. dist/ is rebuilt from nothing each time
// (a deleted source leaves no stale module behind) and `dist/.built` is written last: its mtime is
// what the bin compares with the sources' to decide whether dist/ is current.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without dev dependencies: the bin runs the TypeScript sources through tsx instead.
  process.stderr.write('vetreport build: typescript is not installed; skipping (bin/vetreport.mjs runs the sources)\n');
  process.exit(0);
}
rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(`${dist}.built`, `${new Date().toISOString()}\n`);
