// Facts a loader learns part-way that the document's budget depends on (a PDF's page count). In
// an extraction process they go to the pool, which extends the time limit; elsewhere, nowhere.

export interface DocumentProgress {
  pages: number;
  /** Pages sent to OCR so far (each extends the time limit by the budget's perOcrPageMs). */
  ocrPages?: number;
}

let listener: ((p: DocumentProgress) => void) | null = null;

/** Called by the extraction process (src/extractor/child.ts) only. */
export function onDocumentProgress(fn: ((p: DocumentProgress) => void) | null): void {
  listener = fn;
}

let known: DocumentProgress = { pages: 0 };

/** A loader reports the page count as soon as it knows it. */
export function reportPageCount(pages: number): void {
  known = { pages };
  listener?.(known);
}

/** A loader reports each page it is about to send to OCR, before the work starts. */
export function reportOcrPage(): void {
  known = { ...known, ocrPages: (known.ocrPages ?? 0) + 1 };
  listener?.(known);
}
