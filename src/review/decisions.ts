// A reviewer's decisions about changes, kept next to the run they review (runs/<runId>/review.json),
// keyed by the change's stable changeId so a decision survives re-running the diff.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../output/atomic.ts';

export interface Decision {
  changeId: string;
  verdict: 'accepted' | 'wrong';
  comment: string;
  at: string;
}

export type Decisions = Record<string, Decision>;

export function decisionsFile(runDir: string): string {
  return path.join(runDir, 'review.json');
}

export async function loadDecisions(runDir: string): Promise<Decisions> {
  try {
    return JSON.parse(await readFile(decisionsFile(runDir), 'utf8')) as Decisions;
  } catch {
    return {};
  }
}

export async function saveDecision(runDir: string, d: Decision): Promise<Decisions> {
  const all = await loadDecisions(runDir);
  all[d.changeId] = d;
  await writeFileAtomic(decisionsFile(runDir), `${JSON.stringify(all, null, 2)}\n`);
  return all;
}
