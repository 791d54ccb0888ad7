// The chaos script with a small N: reports dropped into an inbox while a worker is killed, Redis is
// restarted with and without persistence and the watcher is killed, beside an extract killed at
// random points. Every file is extracted exactly once and the store is consistent. `npx tsx
// bench/chaos.ts 200` runs the same with 200 reports.
import { describe, expect, it } from 'vitest';
import { runChaos } from '../bench/chaos.ts';

describe('chaos', () => {
  it('every file is extracted exactly once and fsck finds the store consistent, whatever is killed or restarted', async () => {
    const lines: string[] = [];
    const f = await runChaos({ n: 12, m: 4, extractKills: 2, rescanS: 3, timeoutMs: 540_000, log: (l) => lines.push(l) });
    expect(f.events.map((e) => e.what)).toEqual(expect.arrayContaining([
      'killed worker 1 (kill -9)',
      'Redis killed and restarted with its append-only file',
      'Redis killed and restarted without persistence: the queue is gone',
      'killed the watcher (kill -9)',
      'all 12 inbox files extracted',
    ]));
    expect(f.lost, lines.join('\n')).toEqual([]);
    expect(f.duplicated, lines.join('\n')).toEqual([]);
    expect(f.extracted).toBe(16);
    expect(f.storedExtractions).toBe(16);
    // A kill -9 may leave a manifest behind its results, which --repair rebuilds; nothing else.
    expect(f.fsckRepaired.every((r) => /run\.json lists \d+ document\(s\), the results \d+|latest\/.*missing/.test(r)), f.fsckRepaired.join('\n')).toBe(true);
    expect(f.fsckProblems).toEqual([]);
  }, 600_000);
});
