#!/usr/bin/env node
// npm runs this instead of node-gyp (.npmrc: node-gyp=…) when a native dependency (nodejieba) is
// compiled at install. node-gyp would download the Node headers from nodejs.org; the headers of the
// Node that runs the install are usually on disk already (Debian's nodejs, the official tarballs,
// nvm all install include/node/ beside bin/node), so they are found there and passed as --nodedir.
// Where none match this Node's version, node-gyp is left to fetch them as it always does.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Does DIR/include/node hold the headers of the Node running this script? */
function headersMatch(dir) {
  try {
    const h = readFileSync(path.join(dir, 'include', 'node', 'node_version.h'), 'utf8');
    const part = (k) => new RegExp(`#define NODE_${k}_VERSION (\\d+)`).exec(h)?.[1];
    return `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}` === process.version;
  } catch {
    return false;
  }
}

export function findNodeDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const candidates = [process.env.npm_config_nodedir, process.config.variables.node_prefix, prefix].filter(Boolean);
  return candidates.find(headersMatch) ?? null;
}

/** npm's own node-gyp: beside the npm that runs the install, else beside this Node. */
export function realNodeGyp() {
  const npmBin = process.env.npm_execpath ? path.dirname(process.env.npm_execpath) : null;
  const candidates = [
    npmBin && path.join(npmBin, '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].filter(Boolean);
  return candidates.find((f) => existsSync(f)) ?? null;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2);
  const gyp = realNodeGyp();
  if (!gyp) {
    process.stderr.write('vetreport: cannot find node-gyp (it comes with npm); install npm beside node\n');
    process.exit(1);
  }
  const nodedir = args.some((a) => a.startsWith('--nodedir')) ? null : findNodeDir();
  const r = spawnSync(process.execPath, [gyp, ...args, ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
