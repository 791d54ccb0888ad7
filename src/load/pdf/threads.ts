// How many threads may read one PDF's pages: a setting shared by the loader (src/load/pdf/parallel.ts)
// and the extraction pool, which shares the cores among the documents it extracts at once. Kept
// apart from the loader so that the pool reads it without loading the PDF stages.
import os from 'node:os';

/** Sets how many threads one PDF is read with (1: never in parallel); default the cores not already busy. */
export const PDF_THREADS_ENV = 'VETREPORT_PDF_THREADS';

/** Threads granted to this process for its current document by the pool that runs it (its share of the cores), or null. */
let granted: number | null = null;

/**
 * Sets this process's share of the cores for the document it is about to extract: the extraction
 * pool (src/extractor/pool.ts) divides the cores among the documents it runs at once.
 */
export function grantPdfThreads(n: number): void {
  granted = Math.max(1, Math.floor(n));
}

/** The number the user set in `$VETREPORT_PDF_THREADS` (then every PDF of 12 pages or more gets exactly that many threads), or null. */
export function userPdfThreads(): number | null {
  const set = Number(process.env[PDF_THREADS_ENV]);
  return Number.isInteger(set) && set >= 1 ? set : null;
}

/**
 * The most threads one PDF may be read with: this process's share granted by its pool, else
 * `$VETREPORT_PDF_THREADS` when set, else the cores minus those other work keeps busy (the
 * 1-minute load average, this process's own thread counted as one), at least one. A second thread
 * costs 0–35% more CPU in all (pdfjs compiled and fonts parsed again on it, measured on the 97-page
 * report) and shortens the document only where a core is free: on a machine whose cores are all
 * busy (one `-c 1` worker per core, other batches) it would only take CPU from them.
 */
export function pdfThreadCap(): number {
  if (granted !== null) return granted;
  const set = userPdfThreads();
  if (set !== null) return set;
  const cores = os.availableParallelism();
  const busy = Math.max(1, Math.round(os.loadavg()[0] ?? 0));
  return Math.max(1, Math.min(cores, cores - busy + 1));
}
