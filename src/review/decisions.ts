// A reviewer's decisions about changes, kept next to the run they review as an append-only log
// (runs/<runId>/decisions.jsonl): one JSON line per decision, never rewritten. Every server (or
// reviewer) appends; the current state is the last line per decided change, in file order.
//
// Why a log and not a JSON file rewritten on each decision: two servers on one store each read the
// file, add their decision and rename a new file over it, so one of two concurrent decisions is lost
// (82 posted, 44 kept). An append with O_APPEND puts each line at the end of the file as it is then,
// in one write() of at most MAX_LINE_BYTES, which Linux applies whole under the file's lock: writers
// never overwrite or interleave each other, whatever process they are in.
//
// A decided change is named by a stable id from the diff: a record change's changeId (the whole
// change), or one part of it — a table cell's change id (it hashes the cell's address and both
// values) or a paragraph's id (see parts.ts). The same change in a later comparison gets the same id,
// so a decision carries over: a comparison reads the logs of every store run up to its newer side
// (decisionLogsThrough in commands/runs.ts), oldest first, and the latest decision per id wins. The older
// format (review.json, one object keyed by changeId) is still read, as decisions made before everything
// in the log.
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';

export type Verdict = 'accepted' | 'wrong';

export interface Decision {
  /** The decided thing's stable id: a record change, or one cell / paragraph of one (16 hex digits). */
  changeId: string;
  /** null for a whole record change; else the cell or paragraph address ("表1-2 / 柳职院 / 在校生人数/2022年", "1.2 布局结构 ¶3"). */
  address: string | null;
  /** The record change the part belonged to when it was decided (= changeId for a whole change). */
  recordChangeId: string;
  verdict: Verdict;
  comment: string;
  /** Who decided (as the reviewer typed it; '' when not given). */
  reviewer: string;
  /** ISO time the server recorded it. */
  at: string;
}

/** The current decisions, by decided id: the last one of each in the log. */
export type Decisions = Record<string, Decision>;

/**
 * Longest line appended: a single write() of a regular file opened O_APPEND is applied whole on Linux,
 * and PIPE_BUF (4096) is the size POSIX guarantees for pipes; staying under it keeps the guarantee on
 * any filesystem that honours the same bound. The server refuses a decision whose line is longer.
 */
export const MAX_LINE_BYTES = 4096;

export function decisionsLog(runDir: string): string {
  return path.join(runDir, 'decisions.jsonl');
}

/** The older format, read only. */
export function legacyDecisionsFile(runDir: string): string {
  return path.join(runDir, 'review.json');
}

const ID = /^[0-9a-f]{16}$/;

/** A decision only when well formed (the log may have a torn last line, or have been edited by hand). */
function asDecision(v: unknown): Decision | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.changeId !== 'string' || !ID.test(o.changeId)) return null;
  if (o.verdict !== 'accepted' && o.verdict !== 'wrong') return null;
  return {
    changeId: o.changeId,
    address: typeof o.address === 'string' ? o.address : null,
    recordChangeId: typeof o.recordChangeId === 'string' && ID.test(o.recordChangeId) ? o.recordChangeId : o.changeId,
    verdict: o.verdict,
    comment: typeof o.comment === 'string' ? o.comment : '',
    reviewer: typeof o.reviewer === 'string' ? o.reviewer : '',
    at: typeof o.at === 'string' ? o.at : '',
  };
}

/** Every decision in the log, in the order written (the legacy file's first); unparsable lines are skipped. */
export async function readDecisionLog(runDir: string): Promise<Decision[]> {
  const out: Decision[] = [];
  try {
    const legacy = JSON.parse(await readFile(legacyDecisionsFile(runDir), 'utf8')) as unknown;
    if (legacy && typeof legacy === 'object') {
      for (const v of Object.values(legacy as Record<string, unknown>)) {
        const d = asDecision(v);
        if (d) out.push(d);
      }
    }
  } catch {
    // no legacy file
  }
  let text: string;
  try {
    text = await readFile(decisionsLog(runDir), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const d = asDecision(JSON.parse(line));
      if (d) out.push(d);
    } catch {
      // a line cut short by a crash: its decision was never confirmed to anyone
    }
  }
  return out;
}

/**
 * The current state: the last decision per decided id, reading the logs of `runDirs` in the order given
 * (oldest run first), so a later decision about the same change replaces an earlier one.
 */
export async function loadDecisions(runDirs: string | readonly string[]): Promise<Decisions> {
  const all: Decisions = {};
  for (const dir of typeof runDirs === 'string' ? [runDirs] : runDirs) {
    for (const d of await readDecisionLog(dir)) all[d.changeId] = d;
  }
  return all;
}

/** The line a decision is written as (without the newline). */
export const decisionLine = (d: Decision): string => JSON.stringify(d);

/**
 * Appends one decision to the run's log and flushes it to disk before returning.
 * Errors: RangeError when the line would exceed MAX_LINE_BYTES; the file system's errors as they come.
 */
export async function appendDecision(runDir: string, d: Decision): Promise<void> {
  const line = Buffer.from(`${decisionLine(d)}\n`, 'utf8');
  if (line.length > MAX_LINE_BYTES) throw new RangeError(`a decision is at most ${MAX_LINE_BYTES} bytes as a line (this one is ${line.length})`);
  const fh = await open(decisionsLog(runDir), 'a+');
  try {
    // A line cut short by a crash has no newline: start on a fresh line so this one stays whole.
    const { size } = await fh.stat();
    let buf = line;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) buf = Buffer.concat([Buffer.from('\n'), line]);
    }
    const { bytesWritten } = await fh.write(buf, 0, buf.length);
    if (bytesWritten !== buf.length) throw new Error(`short write to ${decisionsLog(runDir)} (${bytesWritten} of ${buf.length} bytes)`);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}
