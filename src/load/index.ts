// Picks the loader for a file. DOCX and PDF loaders are imported on first use: a text-only run
// should not pay for pdfjs and mammoth at start-up.
import path from 'node:path';
import type { LoadedDocument } from '../blocks.ts';
import type { Format } from '../schema/records.ts';
import { foldForMatch } from '../text/normalize.ts';
import { loadText } from './text.ts';

const EXTENSIONS: Record<string, Format> = { '.txt': 'txt', '.text': 'txt', '.md': 'md', '.markdown': 'md', '.docx': 'docx', '.pdf': 'pdf' };

export function formatOf(filePath: string): Format | null {
  return EXTENSIONS[path.extname(filePath).toLowerCase()] ?? null;
}

/**
 * The DOCX and PDF loaders keep their text as the blocks print it (a span slices out exactly its
 * block's text); folding for matching happens here, once. The text loader folds as it decodes.
 */
export async function loadDocument(buf: Buffer, format: Format): Promise<LoadedDocument> {
  switch (format) {
    case 'txt':
    case 'md':
      return loadText(buf);
    case 'docx':
      return folded(await (await import('./docx.ts')).loadDocx(buf));
    case 'pdf':
      return folded(await (await import('./pdf.ts')).loadPdf(buf));
  }
}

function folded(doc: LoadedDocument): LoadedDocument {
  return { ...doc, text: foldForMatch(doc.text) };
}
