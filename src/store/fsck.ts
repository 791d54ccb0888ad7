// `vetreport fsck`: checks that the store is what its readers expect, and repairs what a crash can
// leave lagging. Writes are ordered (text, records block, result, latest pointer, manifest) and
// each is atomic, so a crash leaves only these faults, all repairable from the results:
//   - a run.json behind its results (crash after a result, before the manifest)
//   - a result without its latest pointer (crash after the result, before the pointer)
//   - bytes after the last committed block of records.jsonl (crash mid-append)
//   - temporary files of a writer that is gone (tmp/, or `*.tmp` beside a file)
// Anything else (a file that does not parse, a block that is not its document's records, a pointer
// to nothing, a kept source missing) is reported; what can be rebuilt from the results is.
import { readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { runStatus } from './state.ts';
import type { DocOutcome, LatestPointer, Store } from './store.ts';

export interface FsckProblem {
  /** The file concerned, relative to the store root. */
  file: string;
  what: string;
  /** What --repair did about it (absent: nothing, or not asked to). */
  repaired?: string;
}

export interface FsckReport {
  runs: number;
  results: number;
  pointers: number;
  /** Runs whose writer is alive: a lag there is a write in progress, not a fault, so they are not judged. */
  skippedRunning: string[];
  problems: FsckProblem[];
}

/** A failure that says only that the input was not found: it never replaces a good latest extraction (as in Store.saveResult). */
const SOURCE_MISSING = new Set(['NOT_FOUND']);

async function parseJson(file: string): Promise<{ ok: true; value: unknown } | { ok: false; why: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, why: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, why: `does not parse (${(e as Error).message})` };
  }
}

/** Byte ranges of lines that do not parse as JSON (blank lines, i.e. blanked blocks, are fine). */
function badLines(buf: Buffer): Array<{ start: number; end: number }> {
  const bad: Array<{ start: number; end: number }> = [];
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    const line = buf.subarray(start, end).toString('utf8');
    if (line.trim()) {
      try {
        JSON.parse(line);
      } catch {
        bad.push({ start, end });
      }
    }
    start = end + 1;
  }
  return bad;
}

/**
 * Checks every run, result, pointer and kept source; with `repair`, fixes what can be rebuilt
 * from the results (manifests, pointers, a torn tail of records.jsonl, dead writers' temporary
 * files). Runs still being written are skipped. Run it on a store no command is writing to for a
 * complete answer; it never removes a result or a record that a result names.
 */
export async function fsck(store: Store, opts: { repair?: boolean } = {}): Promise<FsckReport> {
  const rel = (f: string) => path.relative(store.root, f);
  const report: FsckReport = { runs: 0, results: 0, pointers: 0, skippedRunning: [], problems: [] };
  const problem = (file: string, what: string, repaired?: string) => report.problems.push({ file: rel(file), what, ...(repaired ? { repaired } : {}) });

  const runs = (await store.runs()).sort(); // oldest first: the pointer rule below is applied in run order
  const byDoc = new Map<string, Array<DocOutcome & { runId: string }>>();
  const sources = new Set(await store.sources());

  for (const runId of runs) {
    report.runs++;
    const dir = store.runDir(runId);
    const status = await runStatus(store, runId);
    if (status.state === 'running') {
      report.skippedRunning.push(runId);
      continue;
    }
    const files = new Set(await readdir(dir).catch(() => [] as string[]));
    for (const name of ['meta.json', 'run.json', 'owner.json', 'review.json']) {
      if (!files.has(name)) continue;
      const p = await parseJson(path.join(dir, name));
      if (!p.ok) problem(path.join(dir, name), p.why);
    }
    if (!files.has('meta.json')) problem(path.join(dir, 'meta.json'), 'missing (the run is read from its run.json)');

    // Results, and the records block each names.
    const resultDir = path.join(dir, 'results');
    const outcomes: DocOutcome[] = [];
    for (const name of (await readdir(resultDir).catch(() => [] as string[])).sort()) {
      const file = path.join(resultDir, name);
      if (!name.endsWith('.json')) {
        if (name.endsWith('.tmp')) await strayTmp(file);
        continue;
      }
      const p = await parseJson(file);
      const o = p.ok ? (p.value as DocOutcome) : null;
      if (!o || typeof o.docId !== 'string' || `${o.docId}.json` !== name) {
        problem(file, p.ok ? 'is not a result of this document' : p.why);
        continue;
      }
      report.results++;
      outcomes.push(o);
      if (o.sha256 && o.status === 'ok' && !sources.has(o.sha256)) problem(file, `its input ${o.sha256.slice(0, 12)}… is not kept in sources/ (a re-run needs the file at ${o.absPath})`);
      if (o.status === 'ok' && !(await stat(path.join(dir, 'docs', `${o.docId}.txt`)).catch(() => null))) problem(file, 'its normalized text docs/' + `${o.docId}.txt is missing`);
      const list = byDoc.get(o.docId) ?? [];
      list.push({ ...o, runId });
      byDoc.set(o.docId, list);
    }

    // records.jsonl: every block a result names is that document's records; every line parses.
    const recordsFile = path.join(dir, 'records.jsonl');
    const buf = await readFile(recordsFile).catch(() => null);
    let committedEnd = 0;
    for (const o of outcomes) {
      if (!o.records) continue;
      committedEnd = Math.max(committedEnd, o.records.offset + o.records.bytes);
      const block = buf?.subarray(o.records.offset, o.records.offset + o.records.bytes);
      const ok = block !== undefined && block.length === o.records.bytes && block.toString('utf8').split('\n').filter((l) => l.trim()).every((l) => {
        try {
          return (JSON.parse(l) as { docId?: string }).docId === o.docId;
        } catch {
          return false;
        }
      });
      if (!ok) problem(path.join(resultDir, `${o.docId}.json`), `its records block (bytes ${o.records.offset}+${o.records.bytes}) is not this document's records in records.jsonl`);
    }
    if (buf) {
      const bad = badLines(buf);
      if (bad.length > 0) {
        const tailOnly = bad.every((b) => b.start >= committedEnd);
        if (tailOnly && opts.repair) {
          await truncate(recordsFile, committedEnd);
          problem(recordsFile, `${bad.length} line(s) after the last committed block do not parse (a write cut short)`, `cut back to ${committedEnd} bytes`);
        } else {
          problem(recordsFile, `${bad.length} line(s) do not parse, first at byte ${bad[0]!.start}${tailOnly ? ' (after the last committed block: --repair cuts them)' : ''}`);
        }
      }
    }
    const jobsText = await readFile(path.join(dir, 'jobs.jsonl')).catch(() => null);
    if (jobsText) {
      const bad = badLines(jobsText);
      if (bad.length > 0) problem(path.join(dir, 'jobs.jsonl'), `${bad.length} line(s) do not parse (the jobs they held are not counted as owed)`);
    }

    // The manifest agrees with the results.
    const written = await parseJson(path.join(dir, 'run.json'));
    const m = written.ok ? (written.value as { documents?: Array<{ docId: string; sha256: string | null; status: string }> }) : null;
    const agrees = m && Array.isArray(m.documents) && m.documents.length === outcomes.length
      && outcomes.every((o) => m.documents!.some((d) => d.docId === o.docId && d.sha256 === o.sha256 && d.status === o.status));
    if (!agrees) {
      const what = !written.ok ? `run.json ${written.why}` : `run.json lists ${m?.documents?.length ?? 0} document(s), the results ${outcomes.length}`;
      if (opts.repair) {
        await store.rewriteManifest(runId);
        problem(path.join(dir, 'run.json'), what, 'rewritten from the results');
      } else problem(path.join(dir, 'run.json'), what);
    }
    for (const name of files) if (name.endsWith('.tmp')) await strayTmp(path.join(dir, name));
    for (const name of await readdir(path.join(dir, 'docs')).catch(() => [] as string[])) if (name.endsWith('.tmp')) await strayTmp(path.join(dir, 'docs', name));
  }

  // Latest pointers: each resolves to a result, and each document with a result has the pointer
  // Store.saveResult would have left (the newest run's, unless that one only says the input was gone).
  const latestDir = path.join(store.root, 'latest');
  const pointerNames = (await readdir(latestDir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  const docs = new Set([...byDoc.keys(), ...pointerNames.map((n) => n.slice(0, -5))]);
  for (const docId of [...docs].sort()) {
    const file = path.join(latestDir, `${docId}.json`);
    const extractions = byDoc.get(docId) ?? [];
    let expected: (DocOutcome & { runId: string }) | null = null;
    for (const o of extractions) {
      const keep = expected && expected.status === 'ok' && o.status === 'failed' && SOURCE_MISSING.has(o.error?.code ?? '');
      if (!keep) expected = o;
    }
    const p = pointerNames.includes(`${docId}.json`) ? await parseJson(file) : null;
    if (p) report.pointers++;
    const actual = p?.ok ? (p.value as LatestPointer) : null;
    if (actual && report.skippedRunning.includes(actual.runId)) continue;
    if (expected && report.skippedRunning.some((r) => r > expected!.runId)) continue;
    let fault: string | null = null;
    if (p && !p.ok) fault = p.why;
    else if (!actual && expected) fault = `missing: ${docId} has an extraction in run ${expected.runId}`;
    else if (actual && !extractions.some((o) => o.runId === actual.runId && o.sha256 === actual.sha256 && o.status === actual.status)) fault = `points at run ${actual.runId}, which has no such extraction of ${docId}`;
    else if (actual && expected && actual.runId !== expected.runId) fault = `points at run ${actual.runId}, but the latest extraction is in run ${expected.runId}`;
    if (!fault) {
      if (actual?.sha256 && actual.status === 'ok' && !sources.has(actual.sha256)) problem(file, `its input ${actual.sha256.slice(0, 12)}… is not kept in sources/`);
      continue;
    }
    if (!opts.repair) problem(file, fault);
    else if (expected) {
      const { runId, ...o } = expected;
      await store.writeLatest({ runId, ...o });
      problem(file, fault, `pointed at run ${runId}`);
    } else {
      await rm(file, { force: true });
      problem(file, fault, 'removed (no run holds the document)');
    }
  }

  // Temporary files of writers that are gone.
  const leftovers = await store.deadTmp();
  if (leftovers.length > 0) {
    if (opts.repair) {
      const n = await store.sweepTmp();
      problem(store.tmpDir, `${leftovers.length} temporary file(s) of writers that are gone`, `${n} removed`);
    } else problem(store.tmpDir, `${leftovers.length} temporary file(s) of writers that are gone`);
  }
  return report;

  async function strayTmp(file: string): Promise<void> {
    // Beside its target only when written outside the store's tmp/ (an older store): no live writer
    // keeps one for more than a moment, but one written this minute may be in progress.
    const st = await stat(file).catch(() => null);
    if (!st || Date.now() - st.mtimeMs < 60_000) return;
    if (opts.repair) {
      await rm(file, { force: true });
      problem(file, 'a temporary file left by a crashed write', 'removed');
    } else problem(file, 'a temporary file left by a crashed write');
  }
}
