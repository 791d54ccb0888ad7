// The benchmarks that run whole processes measure what an install runs: the compiled dist/ (`npm ci`
// builds it), not the TypeScript sources through tsx. tsx costs start-up time and, in a process that
// loads pdfjs-dist through it, ~220 MB more resident memory than the same modules compiled.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distState } from '../bin/dist-current.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Builds dist/ when a source is newer than it (as `npm ci` would have), so that it is current. */
export function ensureDist(what: string): void {
  if (distState() === 'current') return;
  console.log(`\n(${what}: building dist/ first, as \`npm ci\` does)`);
  const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('npm run build failed');
}
