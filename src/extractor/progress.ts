// Facts a loader learns part-way that the document's budget depends on (a PDF's page count). In
// an extraction process they go to the pool, which extends the time limit; elsewhere, nowhere.

export interface DocumentProgress {
  pages: number;
}

let listener: ((p: DocumentProgress) => void) | null = null;

/** Called by the extraction process (src/extractor/child.ts) only. */
export function onDocumentProgress(fn: ((p: DocumentProgress) => void) | null): void {
  listener = fn;
}

/** A loader reports the page count as soon as it knows it. */
export function reportPageCount(pages: number): void {
  listener?.({ pages });
}
