// How many threads may read one PDF's pages: a setting shared by the loader (src/load/pdf/parallel.ts)
// and the extraction pool, which shares the cores among the documents it extracts at once. Kept
// apart from the loader so that the pool reads it without loading the PDF stages.
import os from 'node:os';

/** Sets the most threads one PDF is read with (1: never in parallel); default the machine's cores. */
export const PDF_THREADS_ENV = 'VETREPORT_PDF_THREADS';

/** The most threads one PDF may be read with: `$VETREPORT_PDF_THREADS`, else the machine's cores. */
export function pdfThreadCap(): number {
  const set = Number(process.env[PDF_THREADS_ENV]);
  return Number.isInteger(set) && set >= 1 ? set : os.availableParallelism();
}
