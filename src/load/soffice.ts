// Converting with LibreOffice (soffice), for the formats read by way of another: legacy Word .doc
// and WPS .wps become .docx, then go through the DOCX loader.
//
// Each conversion runs headless with a user profile of its own in a private temporary directory
// (two soffice processes sharing a profile block or fail each other), under a time limit after
// which its whole process group is killed, and removes everything it wrote.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExtractionError } from '../errors.ts';

/**
 * soffice converts a report in 2–5 s of CPU; on a machine busy with other work its wall time has
 * been seen at 50–100 s. Below the extraction budget's conversion allowance (extractor/budget.ts).
 */
export const CONVERSION_BASE_MS = 150_000;
/** Added per MB of input. */
export const CONVERSION_PER_MB_MS = 10_000;

/** The soffice executable on PATH (or VETREPORT_SOFFICE), or null when LibreOffice is not installed. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.VETREPORT_SOFFICE;
  if (explicit) return isExecutable(explicit) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of ['soffice', 'libreoffice']) {
      const p = path.join(dir, name);
      if (isExecutable(p)) return p;
    }
  }
  return null;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface Conversion {
  /** The converted file's bytes. */
  data: Buffer;
  /** What was done, for provenance: "LibreOffice 7.4.7.2: doc → docx". */
  description: string;
}

/**
 * Converts `buf` (a file of type `fromExt`, e.g. "doc") to `toExt` ("docx") with soffice.
 * Errors: CONVERSION_TIMEOUT past `timeoutMs`; CONVERSION_FAILED when soffice writes nothing (a file
 * it cannot open, a password-protected one) or cannot be started.
 */
export async function convertWithSoffice(soffice: string, buf: Buffer, fromExt: string, toExt: string, timeoutMs: number): Promise<Conversion> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vetreport-soffice-'));
  try {
    const input = path.join(dir, `input.${fromExt}`);
    const outDir = path.join(dir, 'out');
    await writeFile(input, buf);
    const args = [
      `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
      '--headless', '--invisible', '--nologo', '--norestore', '--nodefault', '--nolockcheck',
      '--convert-to', toExt, '--outdir', outDir, input,
    ];
    const run = await runLimited(soffice, args, timeoutMs, { ...process.env, HOME: dir });
    if (run.timedOut) {
      throw new ExtractionError('CONVERSION_TIMEOUT', `LibreOffice did not convert the .${fromExt} file to .${toExt} within ${Math.round(timeoutMs / 1000)} s; it was stopped.`);
    }
    let data: Buffer;
    try {
      data = await readFile(path.join(outDir, `input.${toExt}`));
    } catch {
      const why = run.error ?? (run.output.trim().split('\n').pop() || `exit status ${run.status}`);
      throw new ExtractionError('CONVERSION_FAILED', `LibreOffice could not convert the .${fromExt} file to .${toExt} (damaged, password-protected or not a ${fromExt} file): ${why}`);
    }
    return { data, description: `LibreOffice${await versionOf(soffice)}: ${fromExt} → ${toExt}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface RunResult {
  status: number | null;
  timedOut: boolean;
  output: string;
  error?: string;
}

/** Runs a command in a process group of its own, killing the whole group (soffice.bin too) past the limit. */
function runLimited(cmd: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    const keep = (d: Buffer) => {
      if (output.length < 8192) output += d.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ status: null, timedOut, output, error: e.message });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      // soffice may leave helpers behind in its group; the conversion is over either way.
      killGroup();
      resolve({ status, timedOut, output });
    });
  });
}

let version: Promise<string> | undefined;
/** " 7.4.7.2", read once per process from `soffice --version`; "" when it cannot be read. */
function versionOf(soffice: string): Promise<string> {
  version ??= runLimited(soffice, ['--version'], 20_000, process.env).then((r) => {
    const m = /LibreOffice\s+([\d.]+)/.exec(r.output);
    return m ? ` ${m[1]}` : '';
  });
  return version;
}
