// Is dist/ (the compiled JavaScript `npm run build` writes) current? It is when dist/.built exists and
// no .ts file under src/ or pipelines/ is newer: a checkout edited or merged since its last build is
// not, and then the sources must run instead of stale JavaScript. About 150 stats: a millisecond or two.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

function newerSource(dir, t) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (newerSource(p, t)) return true;
    } else if (e.name.endsWith('.ts') && statSync(p).mtimeMs > t) {
      return true;
    }
  }
  return false;
}

/** 'current', 'missing' (never built) or 'stale' (a source changed since the build). */
export function distState(root = ROOT) {
  let built;
  try {
    built = statSync(`${root}/dist/.built`).mtimeMs;
  } catch {
    return 'missing';
  }
  return newerSource(`${root}/src`, built) || newerSource(`${root}/pipelines`, built) ? 'stale' : 'current';
}
