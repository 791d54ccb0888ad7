import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

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

/** Puts an environment variable back as it was (`undefined`: unset). */
export function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Runs `fn` with the environment variable `name` set to `value`, and puts it back as it was after. */
export async function withEnv<T>(name: string, value: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env[name];
  process.env[name] = value;
  try {
    return await fn();
  } finally {
    restoreEnv(name, saved);
  }
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

const TICK_MS = 10; // Linux USER_HZ is 100 on every architecture Node runs on

/** CPU milliseconds (user + system) of every live descendant of this process, from /proc (Linux; 0 elsewhere). */
export function descendantsCpuMs(): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  const parentOf = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(d), Number(f[1]));
      ticks.set(Number(d), Number(f[11]) + Number(f[12]));
    } catch {
      // the process ended while we read
    }
  }
  let sum = 0;
  for (const [pid, t] of ticks) {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) {
      if (p === process.pid) { sum += t; break; }
    }
  }
  return sum * TICK_MS;
}

/** Busy CPU milliseconds of the whole machine, every core, from /proc/stat (Linux; 0 elsewhere). */
export function machineBusyMs(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f as number[];
    return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * Wall time of a run with what it cost in CPU and what the rest of the machine took meanwhile: on
 * a shared machine the wall-time ratio of one run to another means little without the load beside
 * it. `ownCpuS` is this process and its descendants; `otherCores` the mean number of cores busy
 * with other work during the run.
 */
export interface LoadedRun { wallS: number; ownCpuS: number; otherCores: number }

export async function measureLoaded(fn: () => Promise<unknown>): Promise<LoadedRun> {
  const cpu0 = process.cpuUsage();
  const kids0 = descendantsCpuMs();
  const busy0 = machineBusyMs();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  // Read before the caller stops its processes: an ended process's CPU is no longer in /proc.
  const kids = descendantsCpuMs() - kids0;
  const d = process.cpuUsage(cpu0);
  const own = (d.user + d.system) / 1000 + Math.max(0, kids);
  const busy = machineBusyMs() - busy0;
  return { wallS: wallMs / 1000, ownCpuS: own / 1000, otherCores: Math.max(0, (busy - own) / wallMs) };
}

/** The machine's load averages, as `uptime` prints them. */
export function loadAverage(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}
