// Command-line entry: `vetreport <command>`. Each command is defined in its own module under
// src/cli/ (options and help, nothing heavy) and carried out by src/commands/, imported only when
// that command runs. This file builds the program and turns outcomes into exit statuses:
// 0 done, 1 some document failed (or, for diff, there are changes), 2 usage error or a fault that
// stopped the command.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { defineDiff } from './cli/diff.ts';
import { defineExport } from './cli/export.ts';
import { defineExtract } from './cli/extract.ts';
import { defineForget } from './cli/forget.ts';
import { defineFsck } from './cli/fsck.ts';
import { stdio, type Act, type CliIO, type CommandDefinition } from './cli/io.ts';
import { definePrune } from './cli/prune.ts';
import { defineRerun } from './cli/rerun.ts';
import { defineReview } from './cli/review.ts';
import { defineShow } from './cli/show.ts';
import { defineStatus } from './cli/status.ts';
import { defineWatch } from './cli/watch.ts';
import { defineWorker } from './cli/worker.ts';

/** In the order `vetreport --help` lists them. A new command is one module and one line here. */
export const COMMANDS: CommandDefinition[] = [defineExtract, defineWatch, defineRerun, defineWorker, defineStatus, defineDiff, defineReview, defineExport, defineShow, definePrune, defineForget, defineFsck];

/** The package version, from the package.json above this module (src/ when run as TypeScript, dist/src/ when built). */
export function packageVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'vetreport' && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}

export async function main(argv: string[], io: CliIO = stdio): Promise<number> {
  let exitCode = 0;
  const act: Act = (fn) => async (...args) => {
    exitCode = (await fn(...args)) ?? 0;
  };
  const program = new Command('vetreport')
    .description('Turn Chinese vocational-education quality reports into JSON records with provenance.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => io.warn(s.replace(/\n+$/, '')), writeOut: (s) => process.stdout.write(s) });
  for (const define of COMMANDS) define(program, act, io);
  // Another program's REDIS_URL must not move jobs to a queue, nor be ignored without a word.
  program.hook('preAction', (_program, command) => {
    const usesRedis = command.options.some((o) => o.long === '--redis');
    if (usesRedis && process.env.REDIS_URL && !process.env.VETREPORT_REDIS_URL && !command.opts().redis) {
      io.warn('REDIS_URL is set but not read: name vetreport\'s Redis with --redis or VETREPORT_REDIS_URL');
    }
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    io.warn((e as Error).message);
    return 2;
  }
  return exitCode;
}
