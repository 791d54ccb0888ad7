// How many threads may read one PDF's pages: a setting shared by the loader (src/load/pdf/parallel.ts)
// and the extraction pool, which shares the cores among the documents it extracts at once. Kept
// apart from the loader so that the pool reads it without loading the PDF stages.
import os from 'node:os';

/** Sets how many threads one PDF is read with (1: never in parallel); default the cores not already busy. */
export const PDF_THREADS_ENV = 'VETREPORT_PDF_THREADS';

/**
 * The most threads one PDF may be read with: `$VETREPORT_PDF_THREADS` when set, else the cores
 * minus those other work keeps busy (the 1-minute load average, this process's own thread counted
 * as one), at least one. A second thread costs 0–35% more CPU in all (pdfjs compiled and fonts
 * parsed again on it, measured on the 97-page report) and shortens the document only where a core
 * is free: on a machine whose cores are all busy (one `-c 1` worker per core, other batches) it
 * would only take CPU from them.
 */
export function pdfThreadCap(): number {
  const set = Number(process.env[PDF_THREADS_ENV]);
  if (Number.isInteger(set) && set >= 1) return set;
  const cores = os.availableParallelism();
  const busy = Math.max(1, Math.round(os.loadavg()[0] ?? 0));
  return Math.max(1, Math.min(cores, cores - busy + 1));
}
