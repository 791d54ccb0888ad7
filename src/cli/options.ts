// Options several commands share: where the store is, and whether (and which) Redis to use.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { OCR_ENV, OCR_MODES } from '../ocr/mode.ts';
import { wholeNumber } from './io.ts';

/** --store: every command that reads or writes the store. */
export function storeOption(cmd: Command): Command {
  return cmd.option('--store <dir>', 'store of runs and latest extractions (env VETREPORT_STORE, default ./output)');
}

/** --redis/--prefix: commands that can talk to a queue. */
export function redisOptions(cmd: Command): Command {
  return cmd
    .option('--redis <url>', 'queue jobs on this Redis instead of running them here (env VETREPORT_REDIS_URL)')
    .option('--prefix <prefix>', 'Redis key prefix (env VETREPORT_PREFIX, default vetreport)');
}

/** Commands that create jobs: store, Redis, and how many documents embedded mode runs at once. */
export function modeOptions(cmd: Command, concurrency = true): Command {
  redisOptions(storeOption(cmd));
  if (concurrency) cmd.option('-c, --concurrency <n>', 'documents processed at once in embedded mode and with --out', wholeNumber(1), 2);
  return cmd;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** --include/--exclude/--no-recursive: which files inside the named folders are inputs. */
export function inputOptions(cmd: Command): Command {
  return cmd
    .option('--include <glob>', 'only files matching this glob, relative to the folder (one without "/" matches the file name: "*.pdf"); repeatable', collect, [])
    .option('--exclude <glob>', 'leave out files matching this glob (answer keys beside PDFs: --exclude "*.md"); repeatable', collect, [])
    .option('--no-recursive', 'only the files directly in the named folders, not in their subfolders');
}

/**
 * --ocr: which pages are read by OCR in the extraction processes this command starts (a queue
 * worker: in the jobs it takes). Set in the environment, which those processes inherit.
 */
export function ocrOption(cmd: Command): Command {
  return cmd.option(
    '--ocr <mode>',
    `OCR for scanned pages and images: auto (pages without a usable text layer), always, never (env ${OCR_ENV}, default auto)`,
    (value: string) => {
      if (!(OCR_MODES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${OCR_MODES.join(', ')}`);
      process.env[OCR_ENV] = value;
      return value;
    },
  );
}
