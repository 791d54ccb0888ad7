// What one document may cost: time scaled by its size and pages, and memory. Past either, its
// extraction is stopped and it ends as an error record (TIMEOUT, TOO_COMPLEX). The limits stop
// pathological input (a crafted PDF, a deeply nested DOCX) that would otherwise hold a worker for
// minutes or hours; they sit ten times or more above what real reports cost on a loaded machine.
import type { Format } from '../schema/records.ts';

export interface Budget {
  /** Every document: process start-up, dictionary loading, a loaded machine. */
  baseMs: number;
  /** Added per MB of input, by format (DOCX is the slowest per byte: mammoth builds a DOM). */
  perMbMs: Record<Format, number>;
  /** Added per PDF page, once the loader knows the page count. */
  perPageMs: number;
  /**
   * Added for formats converted by LibreOffice first (.doc, .wps): above the conversion's own limit
   * (src/load/soffice.ts), so a slow conversion ends as CONVERSION_TIMEOUT with soffice stopped,
   * not as a killed process that leaves soffice running.
   */
  conversionMs: number;
  /** Added per page sent to OCR, as the loader reports it (on top of maxMs, which bounds the rest). */
  perOcrPageMs: number;
  /** No document gets more than this. */
  maxMs: number;
  /** V8 heap of the process that extracts (--max-old-space-size). */
  heapMb: number;
  /** Resident memory of that process (heap, buffers, native memory): checked while it works. */
  rssMb: number;
}

/**
 * One page's OCR may take this much CPU time before its recognition stops and the page keeps what
 * was read (an OCR_PAGE_TIMEOUT warning): 5–10 CPU s per 300 dpi page measured here; a page past
 * ten times that is a picture of noise, not text. CPU time, so that a busy machine cuts nothing short.
 */
export const OCR_PAGE_CPU_MS = 120_000;

/**
 * Measured here (2 cores shared with other work): text ≈ 2–4 MB/s, DOCX ≈ 0.2 MB/s, PDF ≈ 5–15
 * pages/s; the largest real report in the corpus (97 pages) takes ~10 s. A budget is ten times that
 * or more.
 */
export const DEFAULT_BUDGET: Budget = {
  baseMs: 60_000,
  // .doc and .wps: a LibreOffice conversion (src/load/soffice.ts, limited on its own) before the DOCX loader.
  perMbMs: { txt: 10_000, md: 10_000, docx: 30_000, pdf: 10_000, image: 10_000, doc: 60_000, wps: 60_000, html: 10_000 },
  perPageMs: 3_000,
  conversionMs: 180_000,
  // Wall time for a page's OCR on a machine shared with other work: its CPU limit three times over.
  perOcrPageMs: 3 * OCR_PAGE_CPU_MS,
  maxMs: 30 * 60_000,
  heapMb: 1536,
  rssMb: 2048,
};

/** Milliseconds a document of `bytes` (and `pages`, when known, of which `ocrPages` went to OCR) may take. */
export function timeLimitMs(b: Budget, bytes: number, format: Format | null, pages = 0, ocrPages = 0): number {
  const perMb = format ? b.perMbMs[format] : Math.max(...Object.values(b.perMbMs));
  const conversion = format === 'doc' || format === 'wps' ? b.conversionMs : 0;
  return Math.min(b.maxMs, Math.round(b.baseMs + conversion + (perMb * bytes) / 1e6 + b.perPageMs * pages)) + b.perOcrPageMs * ocrPages;
}
