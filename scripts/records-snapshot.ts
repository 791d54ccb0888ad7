// Records of every corpus file (seeds, external, cases) as JSON lines, one file per input, with the
// normalized text: run before and after a change that must not change output, then compare the two
// folders (`--compare A B`). Used to check that speed work leaves records byte-identical.
//   tsx scripts/records-snapshot.ts OUT_DIR          writes OUT_DIR/<dir>__<file>.jsonl
//   tsx scripts/records-snapshot.ts --compare A B    exit 1 when any file differs
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { qualityReport } from '../pipelines/quality-report.ts';
import { formatOf } from '../src/load/index.ts';
import { documentJsonl } from '../src/output/extraction.ts';
import { extractFile } from '../src/run-extract.ts';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));

async function snapshot(out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  for (const dir of ['seeds', 'external', 'cases']) {
    for (const f of readdirSync(CORPUS + dir).sort()) {
      if (!formatOf(f)) continue;
      const r = await extractFile(path.join(CORPUS, dir, f), f, qualityReport);
      writeFileSync(path.join(out, `${dir}__${f}.jsonl`), `${documentJsonl(r)}${JSON.stringify({ text: r.text })}\n`);
      console.log(`${dir}/${f}: ${r.status} ${r.records.length} records`);
    }
  }
}

function compare(a: string, b: string): number {
  const names = [...new Set([...readdirSync(a), ...readdirSync(b)])].sort();
  let differ = 0;
  for (const n of names) {
    const x = readFileSync(path.join(a, n), 'utf8');
    const y = readFileSync(path.join(b, n), 'utf8');
    if (x !== y) { differ++; console.log(`differs: ${n}`); }
  }
  console.log(`${names.length} files, ${differ} differ`);
  return differ ? 1 : 0;
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--compare') process.exitCode = compare(rest[0]!, rest[1]!);
else await snapshot(first!);
