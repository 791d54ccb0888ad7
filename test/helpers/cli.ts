// The CLI run in-process with its output captured, and a scratch workspace for commands that read an
// inbox and write a store.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli.ts';
import type { CliIO } from '../../src/cli/io.ts';

/** `vetreport <args>` in this process: its exit code and what it said on stdout (`out`) and stderr (`err`). */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { say: (l) => { out += `${l}\n`; }, warn: (l) => { err += `${l}\n`; } };
  const code = await main(args, io);
  return { code, out, err };
}

/** A fresh temporary directory holding an empty inbox folder, and where the store will go (not created). */
export function workspace(name: string, inboxName = 'inbox'): { dir: string; inbox: string; store: string } {
  const dir = mkdtempSync(path.join(tmpdir(), `vetreport-${name}-`));
  const inbox = path.join(dir, inboxName);
  mkdirSync(inbox);
  return { dir, inbox, store: path.join(dir, 'store') };
}
