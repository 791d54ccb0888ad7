// `npm run eval`: extracts the shared corpus with the project's pipeline and scores it against the
// answer keys (see eval/README.md). Exit 0 when every total meets eval/thresholds.json, 1 when one
// falls below (or --reference finds a count score.py disagrees with), 2 on a usage error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { qualityReport } from '../pipelines/quality-report.ts';
import { runExtract } from '../src/run-extract.ts';
import { corpusFiles, GROUPS, type CorpusFile, type Group } from './corpus.ts';
import { scoreDocuments, totalsByGroup, type DocScore, type TotalsByGroup } from './evaluate.ts';
import { loadKeys, REPO_DIR } from './keys.ts';
import { compareWithReference, runReference } from './reference.ts';
import { formatMisses, formatPdfTables, formatTable, ratesByGroup } from './report.ts';
import { groupByFile, type Rec } from './score.ts';
import { checkThresholds, readThresholds, THRESHOLDS_FILE } from './thresholds.ts';

const USAGE = 'usage: npm run eval -- [--only seeds|external|cases] [--doc NAME] [--records FILE] [--out DIR] [--json] [--reference] [--thresholds FILE]';

function usage(msg: string): never {
  console.error(`eval: ${msg}\n${USAGE}`);
  process.exit(2);
}

function parse() {
  return parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      doc: { type: 'string', multiple: true },
      records: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      reference: { type: 'boolean', default: false },
      thresholds: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  }).values;
}
let args: ReturnType<typeof parse>;
try {
  args = parse();
} catch (e) {
  usage((e as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const groups = (args.only ?? [...GROUPS]).flatMap((g) => g.split(','));
for (const g of groups) if (!(GROUPS as readonly string[]).includes(g)) usage(`unknown group "${g}" (seeds, external or cases)`);
if (args.records && args.out) usage('--records scores an existing extraction; --out keeps a new one: give one of them');

const keys = (() => {
  try {
    return loadKeys();
  } catch (e) {
    console.error(`eval: ${(e as Error).message}`);
    process.exit(2);
  }
})();

let files: CorpusFile[] = corpusFiles(groups as Group[]);
const docFilter = args.doc;
if (docFilter) {
  files = files.filter((f) => docFilter.some((d) => f.name.includes(d)));
  if (files.length === 0) usage(`no corpus file name contains ${docFilter.map((d) => `"${d}"`).join(' or ')}`);
}

const recordsFile = args.records ?? (await extract(files));
const records: Rec[] = readFileSync(recordsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Rec);
const byFile = groupByFile(records);
const docs = scoreDocuments(files, byFile, keys);
const byGroup = totalsByGroup(docs);

let failed = false;
if (args.json) console.log(JSON.stringify(toJson(docs, byGroup), null, 1));
else if (docFilter) {
  const keyed = new Set(docs.map((d) => d.name));
  for (const d of docs) console.log(`${formatMisses(d)}\n`);
  for (const f of files) if (!keyed.has(f.name)) console.log(`${f.name}: no answer key in test/keys/ (or ../shared/eval/gold/)\n`);
} else {
  console.log(formatTable(docs, byGroup));
  console.log(`\n${formatPdfTables(docs, files, byFile)}`);
  const unkeyed = files.filter((f) => !docs.some((d) => d.name === f.name));
  if (unkeyed.length) console.log(`\nno answer key yet (${unkeyed.length}): ${unkeyed.map((f) => f.name).join(', ')}`);
}

if (args.reference) {
  const ref = runReference(recordsFile, keys, docs.map((d) => d.name));
  const diffs = compareWithReference(docs, ref);
  if (diffs.length) {
    failed = true;
    console.error(`eval: score.py disagrees with this harness on ${diffs.length} count(s):\n  ${diffs.join('\n  ')}`);
  } else console.error(`eval: score.py gives the same counts on all ${ref.docs.size} documents with a structure key`);
}

// Thresholds hold for whole groups; a run over chosen documents only shows them.
if (!docFilter) {
  const thresholds = readThresholds(args.thresholds ?? THRESHOLDS_FILE);
  const complete = (GROUPS as readonly string[]).every((g) => groups.includes(g));
  const below = checkThresholds(byGroup, thresholds, complete ? [...groups, 'all'] : groups);
  if (below.length) {
    failed = true;
    console.error(`eval: below the thresholds in ${path.relative(REPO_DIR, args.thresholds ?? THRESHOLDS_FILE)}:\n  ${below.join('\n  ')}`);
  }
}
if (!args.records && !args.out) rmSync(path.dirname(recordsFile), { recursive: true, force: true });
process.exit(failed ? 1 : 0);

/** Extracts the files as `vetreport extract --out` does; returns the records.jsonl written. */
async function extract(list: CorpusFile[]): Promise<string> {
  const out = args.out ?? mkdtempSync(path.join(tmpdir(), 'vetreport-eval-'));
  const t0 = performance.now();
  let done = 0;
  const tty = process.stderr.isTTY;
  await runExtract(list.map((f) => path.relative(process.cwd(), f.path)), out, qualityReport, (r) => {
    done++;
    if (tty) process.stderr.write(`\r\x1b[Kextracting ${done}/${list.length} ${r.docId}`);
  });
  if (tty) process.stderr.write('\r\x1b[K');
  console.error(`eval: extracted ${list.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return path.join(out, 'records.jsonl');
}

function toJson(list: DocScore[], totals: TotalsByGroup) {
  const rec = (r: Rec) => ({ number: r.number ?? null, title: r.title ?? null, page: r.provenance?.page ?? null, line: r.provenance?.lineStart ?? null });
  return {
    totals: ratesByGroup(totals),
    counts: totals,
    docs: list.map((d) => ({
      ...d,
      headings: d.headings && { ...d.headings, extra: d.headings.extra.map(rec) },
      cases: d.cases && { ...d.cases, extra: d.cases.extra.map(rec) },
    })),
  };
}
