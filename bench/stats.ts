import { execFileSync } from 'node:child_process';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A markdown table, so bench output pastes straight into an issue note. */
export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Milliseconds one call takes. */
export async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Is a baseline tool installed? (Benchmarks report it as missing rather than failing.) */
export function hasCommand(cmd: string, versionArg: string): boolean {
  try {
    execFileSync(cmd, [versionArg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * CPU milliseconds (user + system, all threads of this process) one call takes. On a machine shared
 * with other work, CPU time varies far less than wall time; single-threaded work reads the same.
 */
export async function cpuTime(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}
