// Which process runs a run, and whether it still does. The owner rewrites owner.json every 15 s; a
// run whose owner stopped beating (or, on the same host, whose process is gone) will never finish
// by itself: `status` calls it interrupted and `rerun --interrupted` finishes it.
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { writeFileAtomic } from '../output/atomic.ts';

export interface RunOwner {
  host: string;
  pid: number;
  command: string;
  heartbeatAt: string;
}

/** Three missed heartbeats: the owner is gone even if its host cannot be asked. */
export const OWNER_STALE_MS = 60_000;

export async function writeOwner(file: string, command: string, tmpDir: string): Promise<void> {
  const o: RunOwner = { host: hostname(), pid: process.pid, command, heartbeatAt: new Date().toISOString() };
  await writeFileAtomic(file, `${JSON.stringify(o)}\n`, { tmpDir });
}

export async function readOwner(file: string): Promise<RunOwner | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RunOwner;
  } catch {
    return null;
  }
}

/** Is a process with this pid running here? (EPERM: it exists but is not ours.) */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function ownerAlive(o: RunOwner | null, now = Date.now()): boolean {
  if (!o) return false;
  if (o.host === hostname() && !pidAlive(o.pid)) return false;
  return now - Date.parse(o.heartbeatAt) < OWNER_STALE_MS;
}
