#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm ci` runs as `prepare`).
// When dist/ is missing or older than a source file (a checkout edited or merged since its last
// build), it runs the TypeScript sources through tsx instead: slower to start, never stale.
import { distState } from './dist-current.mjs';

const state = distState();
let main;
if (state === 'current') {
  ({ main } = await import('../dist/src/cli.js'));
} else {
  if (process.stderr.isTTY) process.stderr.write(`vetreport: running the TypeScript sources (dist/ is ${state}; \`npm run build\` starts faster)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
