// `vetreport review`: the changes between two runs as HTML pages — served on 127.0.0.1 with Accept /
// Flag as wrong buttons (decisions are appended to the newer run's decisions.jsonl), or with --out written as
// static read-only pages.
import { exportReview } from '../review/export.ts';
import { startReviewServer } from '../review/server.ts';
import { Store } from '../store/store.ts';
import { stopSignal, type CliIO } from '../cli/io.ts';
import { storeRoot } from './mode.ts';

export interface ReviewCommandOptions {
  store: Store;
  /** Older run: a run id (or prefix) in the store, or a directory with records.jsonl. */
  a?: string;
  /** Newer run (default: the newest). */
  b?: string;
  /** Two editions of a report: sections paired by number and title, tables by caption, year columns shifted (as `diff --align`). */
  align?: boolean;
  /** Write static pages to this directory instead of serving. */
  out?: string;
  /** Port to serve on (default: any free port). */
  port?: number;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  log: (s: string) => void;
}

export interface ReviewCommandResult {
  url?: string;
  close?: () => Promise<void>;
  /** The exported index.html. */
  written?: string;
}

export async function reviewCommand(opts: ReviewCommandOptions): Promise<ReviewCommandResult> {
  if (opts.out) {
    const r = await exportReview({ store: opts.store, a: opts.a, b: opts.b, align: opts.align, outDir: opts.out });
    opts.log(`${r.changes} change${r.changes === 1 ? '' : 's'}, ${r.files.length - 1} document page${r.files.length === 2 ? '' : 's'} → ${r.index}`);
    return { written: r.index };
  }
  if (opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)) throw new Error(`--port must be 0–65535, not ${opts.port}`);
  const host = opts.host ?? '127.0.0.1';
  const srv = await startReviewServer({ store: opts.store, a: opts.a, b: opts.b, align: opts.align, host, port: opts.port ?? 0 });
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') opts.log(`warning: serving on ${host}: anyone who can reach it can record decisions`);
  opts.log(`review at ${srv.url} (Ctrl-C to stop)`);
  return { url: srv.url, close: srv.close };
}

export async function reviewCli(a: string | undefined, b: string | undefined, opts: { store?: string; out?: string; port: number; host: string; align?: boolean }, io: CliIO): Promise<number> {
  const r = await reviewCommand({ store: new Store(storeRoot(opts)), a, b, align: opts.align, out: opts.out, port: opts.port, host: opts.host, log: io.say });
  if (r.written) {
    io.say(`review written to ${r.written}`);
    return 0;
  }
  await stopSignal();
  await r.close?.();
  return 0;
}
