// Facts a loader learns part-way: a PDF's page count, which the document's budget depends on, and
// each page it sends to OCR, which a user watching a long scan wants to see. In an extraction
// process they go to the pool, which extends the time limit and passes them on to whoever shows
// progress (watchProgress); in the process that extracts in place (`extract --out`), straight to it.

export interface DocumentProgress {
  pages: number;
  /** Pages sent to OCR so far (each extends the time limit by the budget's perOcrPageMs). */
  ocrPages?: number;
  /** The page (1-based) whose OCR is starting now. */
  ocrPage?: number;
}

/** A document's progress as a progress display sees it: which document, and how far it is. */
export interface PageProgress extends DocumentProgress {
  /** The document's path as recorded; absent when extraction runs in this process, one document at a time. */
  sourcePath?: string;
}

let listener: ((p: DocumentProgress) => void) | null = null;

/** Called by the extraction process (src/extractor/child.ts), or by a command extracting in place. */
export function onDocumentProgress(fn: ((p: DocumentProgress) => void) | null): void {
  listener = fn;
  if (fn) known = { pages: 0 };
}

let known: DocumentProgress = { pages: 0 };

/** A loader reports the page count as soon as it knows it. */
export function reportPageCount(pages: number): void {
  known = { pages };
  listener?.(known);
}

/** A loader reports each page it is about to send to OCR (1-based), before the work starts. */
export function reportOcrPage(page: number): void {
  known = { pages: known.pages, ocrPages: (known.ocrPages ?? 0) + 1, ocrPage: page };
  listener?.(known);
}

let watcher: ((p: PageProgress) => void) | null = null;

/** Where the pool passes on what its extraction processes report (one display per process). */
export function watchProgress(fn: ((p: PageProgress) => void) | null): void {
  watcher = fn;
}

/** The pool, for each progress message of a document's extraction process. */
export function relayProgress(sourcePath: string, p: DocumentProgress): void {
  watcher?.({ ...p, sourcePath });
}
