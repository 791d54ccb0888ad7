// Pages of a long PDF read on several threads at once. The page stage (./page.ts) looks at one page
// only, so pages can be read in any order on any thread; everything that needs several pages
// (running headers, tables and paragraphs carried over, OCR) stays in the loader, which gets the
// pages back in page order and goes on exactly as after reading them one by one.
//
// The loader's own thread is one of the readers, with the document it has already opened; each
// further thread opens its own copy. Pages are claimed a few at a time from a counter the threads
// share (Atomics on a SharedArrayBuffer), so a thread that drew light pages takes more of them and
// none waits on a message to know what to read next.
//
// Reading threads are kept for the next document, idle, until READER_IDLE_MS pass unused. A thread
// started afresh runs pdfjs cold: V8 compiles its hot code again on background threads, which on
// the 97-page report cost as much CPU as reading a third of it (measured here: 3.3 CPU s of compiler
// and GC threads cold, 0.9 s warm) and took the second core the reading needed.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as pdfjs from '../pdfjs.ts';
import { ExtractionError } from '../../errors.ts';
import { readPage, type PageFacts } from './page.ts';
import { pdfThreadCap, userPdfThreads } from './threads.ts';

export { PDF_THREADS_ENV } from './threads.ts';

/**
 * Below this many pages a PDF is read in the loader's thread alone. Measured here: a reading
 * thread's first start costs 250–300 ms of CPU (the thread, pdfjs loaded and compiled, the document
 * opened), a warm thread ≈ 40 ms to open the next document, and pages read at 10–30 per CPU second
 * (the 97-page report: 35 ms a page). Under a dozen pages the second thread would take a few pages
 * at most before the first is done, for less than it costs.
 */
export const PARALLEL_MIN_PAGES = 12;

/**
 * Pages a thread claims at a time: consecutive pages mostly share fonts and images, which a thread
 * then parses once; small enough that the threads finish close together.
 */
export const PAGES_PER_CLAIM = 4;

/**
 * Threads to read a PDF of `pages` pages with: 1 below PARALLEL_MIN_PAGES, else as many as
 * pdfThreadCap allows (the pool's share, `$VETREPORT_PDF_THREADS`, or free cores) and no more than
 * there are claims of pages; for the first such PDF of a process, no more than the warm threads it
 * has, unless `$VETREPORT_PDF_THREADS` is set. Called once per document: it counts them.
 */
export function pageThreads(pages: number): number {
  if (pages < PARALLEL_MIN_PAGES) return 1;
  const wanted = Math.max(1, Math.min(pdfThreadCap(), Math.ceil(pages / PAGES_PER_CLAIM)));
  // A thread started cold compiles pdfjs anew while it reads, and never repaid that on the document
  // that started it: one `vetreport extract` of the 97-page report took 8.7–10.1 s on two threads
  // against 6.6–7.7 s on one, 388 pages 15.3 against 15.0 s. Warm, it saves 10–30%. So a process
  // reads its first long PDF with the warm threads it has (none), and starts threads from its second
  // on: in a batch they stay warm for the rest. A number the user set is taken as it is.
  const firstLong = !longPdfSeen;
  longPdfSeen = true;
  if (firstLong && userPdfThreads() === null) return Math.min(wanted, 1 + warmReaders().length);
  return wanted;
}

/** Whether this process has been asked to read a PDF of PARALLEL_MIN_PAGES pages or more. */
let longPdfSeen = false;

/** A page that could not be read, as it crosses threads: the error's name, message and code. */
export interface PageError {
  name: string;
  message: string;
  code?: string;
}

/** What a reading thread sends back for document `job`: each page (with the thread's CPU time for this document so far), then `done`; or `failed` when it could not open the document. */
export type ReaderMessage = { job: number } & ({ page: number; facts: PageFacts; cpuMs: number | null } | { page: number; error: PageError } | { done: true } | { failed: PageError });

/** A page's outcome on the thread that read it. */
export type PageOutcome = { page: number; facts: PageFacts } | { page: number; error: PageError };

/** One thread's share of reading a PDF. */
export interface ThreadWork {
  pages: number;
  /**
   * CPU time of the thread (user + system, ms; 10 ms steps): for this thread its reading, for the
   * others from taking the document (opening it) to their last page; null where it cannot be read.
   */
  cpuMs: number | null;
}

/** The latest PDF read on several threads, for `npm run bench`: each thread's share, this one first. */
export const lastParallelRead: { threads: ThreadWork[] } = { threads: [] };

/** CPU time this thread has used (user + system, ms), from /proc (Linux); null elsewhere. */
export function threadCpuMs(): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Linux's USER_HZ, the unit of /proc's CPU times, on every architecture Node runs on. */
const CLOCK_TICKS = 100;

/** A document handed to a reading thread. */
export interface ReaderJob {
  job: number;
  bytes: Uint8Array;
  claims: SharedArrayBuffer;
  perClaim: number;
}

/** Slots of the shared counter: the next page index to claim (0-based), and the first page that failed (pages + 1 while none has). */
const NEXT = 0;
const FAILED = 1;

/**
 * Reads the pages this thread claims, claim after claim, until every page is taken or a page at or
 * before the next one has failed (reading on would be wasted: the document fails there, as it
 * would read in order). `onPage` gets each page's facts or its error. Returns how many pages it read.
 */
export async function readClaimedPages(doc: pdfjs.PDFDocumentProxy, claims: SharedArrayBuffer, perClaim: number, onPage: (m: PageOutcome) => void): Promise<number> {
  const counter = new Int32Array(claims);
  const pages = doc.numPages;
  let read = 0;
  for (;;) {
    const first = Atomics.add(counter, NEXT, perClaim) + 1;
    if (first > pages) return read;
    for (let p = first; p < first + perClaim && p <= pages; p++) {
      if (p > Atomics.load(counter, FAILED)) return read;
      read++;
      let facts: PageFacts;
      try {
        facts = await readPage(doc, p);
      } catch (e) {
        failAt(counter, p);
        onPage({ page: p, error: pageError(e) });
        return read;
      }
      onPage({ page: p, facts });
    }
  }
}

/** Lowers the shared first failed page to `p` (other threads may be lowering it too). */
function failAt(counter: Int32Array, p: number): void {
  for (;;) {
    const was = Atomics.load(counter, FAILED);
    if (was <= p || Atomics.compareExchange(counter, FAILED, was, p) === was) return;
  }
}

export function pageError(e: unknown): PageError {
  const err = e as { name?: unknown; message?: unknown; code?: unknown } | null;
  const out: PageError = { name: typeof err?.name === 'string' ? err.name : 'Error', message: typeof err?.message === 'string' ? err.message : String(e) };
  if (e instanceof ExtractionError) out.code = e.code;
  return out;
}

/** The error a page gave, rebuilt on this side: the loader reports it as if it had read the page itself. */
function rebuilt(e: PageError): Error {
  if (e.code !== undefined) return new ExtractionError(e.code, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/** Old-generation heap of this process in MB (`--max-old-space-size`, set by the extraction pool), given to each reading thread too. */
function heapLimitMb(): number {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  for (const f of flags) {
    const m = /^--max-old-space-size=(\d+)$/.exec(f);
    if (m) return Number(m[1]);
  }
  return Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
}

/** What a reading thread is started from: the compiled module, or the TypeScript source through tsx's loader. */
function readerEntry(): { file: string; argv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { file: fileURLToPath(new URL('./ts-thread.mjs', here)), argv: [new URL('./page-reader.ts', here).href] };
  return { file: fileURLToPath(new URL('./page-reader.js', here)), argv: [] };
}

/**
 * An idle reading thread is stopped after this long: a batch of long PDFs keeps its threads warm,
 * while a batch that has moved on to text files gets their memory back (≈ 60–100 MB each: pdfjs'
 * code, compiled, and a heap).
 */
export const READER_IDLE_MS = 30_000;

/** A reading thread, kept between documents. */
class Reader {
  readonly worker: Worker;
  /** The document it is reading, until it says `done` (or `failed`); null when idle. */
  job: number | null = null;
  dead = false;
  handler: ((m: ReaderMessage) => void) | null = null;
  onDeath: ((e: Error) => void) | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(heapMb: number) {
    const { file, argv } = readerEntry();
    this.worker = new Worker(file, { argv, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    this.worker.on('message', (m: ReaderMessage) => {
      if (m.job !== this.job) return;
      this.handler?.(m);
      if ('done' in m || 'failed' in m) this.idle();
    });
    const die = (e: Error) => {
      if (this.dead) return;
      this.dead = true;
      readers.delete(this);
      const onDeath = this.onDeath;
      this.job = null;
      if (this.idleTimer) clearTimeout(this.idleTimer);
      onDeath?.(e);
    };
    this.worker.on('error', (e: Error & { code?: string }) => {
      die(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ExtractionError('TOO_COMPLEX', `extraction needed more than its heap limit of ${heapMb} MB`) : e);
    });
    this.worker.on('exit', (code) => die(new Error(`a thread reading pages of the PDF stopped (exit code ${code})`)));
  }

  start(job: ReaderJob, handler: (m: ReaderMessage) => void, onDeath: (e: Error) => void): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.job = job.job;
    this.handler = handler;
    this.onDeath = onDeath;
    // Busy, it keeps the process alive; idle, it must not (a CLI run ends when its work does).
    this.worker.ref();
    this.worker.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
  }

  private idle(): void {
    this.job = null;
    this.handler = null;
    this.onDeath = null;
    this.worker.unref();
    this.idleTimer = setTimeout(() => void this.worker.terminate(), READER_IDLE_MS);
    this.idleTimer.unref();
  }
}

const readers = new Set<Reader>();
let jobs = 0;

/** Reading threads started and idle: warm, ready for a document. */
function warmReaders(): Reader[] {
  return [...readers].filter((r) => r.job === null && !r.dead);
}

/** `n` reading threads with no document: idle ones first (warm), new ones for the rest. */
function idleReaders(n: number, heapMb: number): Reader[] {
  const out = warmReaders().slice(0, n);
  while (out.length < n) {
    const r = new Reader(heapMb);
    readers.add(r);
    out.push(r);
  }
  return out;
}

/**
 * Reads every page of `doc` on `threads` threads (this one included, with `doc`, unless
 * `readHere` is false; the others each open their own copy of `bytes`). Returns each page's facts
 * or the error its reading gave, in page order; pages after the first that failed may be missing
 * (undefined), as a reader in page order would never have reached them. A reading thread that
 * runs out of heap ends the document as TOO_COMPLEX, as the extraction process does; one that dies
 * otherwise throws.
 */
export async function readPagesInParallel(doc: pdfjs.PDFDocumentProxy, bytes: Buffer, threads: number, opts: { readHere?: boolean } = {}): Promise<Array<PageFacts | Error | undefined>> {
  const readHere = opts.readHere ?? true;
  const pages = doc.numPages;
  const out: Array<PageFacts | Error | undefined> = new Array(pages);
  const claims = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const counter = new Int32Array(claims);
  counter[FAILED] = pages + 1;
  const perClaim = Math.max(1, Math.min(PAGES_PER_CLAIM, Math.floor(pages / threads)));

  let broken: Error | null = null;
  // A thread that fails stops every other at its next page: the document ends here.
  const stopAll = (e: Error) => {
    broken ??= e;
    Atomics.store(counter, FAILED, 0);
  };
  // Every page up to the first that failed has come back: the document is read, whatever the
  // threads still opening it (or failing after the fact) do.
  let firstMissing = 0;
  let firstFailed = pages;
  const allIn = () => {
    while (firstMissing < pages && out[firstMissing] !== undefined) firstMissing++;
    return firstMissing >= firstFailed;
  };
  let settle = () => {};
  const take = (m: PageOutcome) => {
    if ('facts' in m) {
      out[m.page - 1] = m.facts;
    } else {
      out[m.page - 1] = rebuilt(m.error);
      firstFailed = Math.min(firstFailed, m.page);
    }
  };

  const job = ++jobs;
  // Each other thread's share: pages counted as they come, with its CPU time so far.
  const work: ThreadWork[] = [];
  const others = idleReaders(readHere ? threads - 1 : threads, heapLimitMb());
  const finished = others.map(
    (reader) =>
      new Promise<void>((resolve) => {
        const share: ThreadWork = { pages: 0, cpuMs: null };
        work.push(share);
        reader.start(
          { job, bytes: new Uint8Array(bytes), claims, perClaim },
          (m) => {
            if ('done' in m) resolve();
            else if ('failed' in m) stopAll(rebuilt(m.failed));
            else {
              share.pages++;
              if ('cpuMs' in m) share.cpuMs = m.cpuMs;
              take(m);
            }
            settle();
          },
          (e) => {
            stopAll(e);
            settle();
            resolve();
          },
        );
      }),
  );
  try {
    const cpu = threadCpuMs();
    const pagesHere = readHere ? await readClaimedPages(doc, claims, perClaim, take) : 0;
    const cpuHere = threadCpuMs();
    // Wait for the pages other threads are reading, not for threads still opening the document to finish.
    await new Promise<void>((resolve) => {
      settle = () => {
        if (broken || allIn()) resolve();
      };
      void Promise.all(finished).then(() => resolve());
      settle();
    });
    const here = readHere ? [{ pages: pagesHere, cpuMs: cpu === null || cpuHere === null ? null : cpuHere - cpu }] : [];
    lastParallelRead.threads = [...here, ...work];
  } finally {
    // Threads still at work on this document stop at their next page.
    if (!allIn()) Atomics.store(counter, FAILED, 0);
  }
  if (allIn()) return out;
  throw broken ?? new Error('pages of the PDF were left unread');
}
