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

async function load(buf: Buffer, format: Format): Promise<LoadedDocument> {
  switch (format) {
    case 'txt':
    case 'md':
      return loadText(buf);
    case 'docx':
      return (await import('./docx.ts')).loadDocx(buf);
    case 'pdf':
      return (await import('./pdf.ts')).loadPdf(buf);
  }
}

/** Every loader's text is folded the same way, so offsets and matching behave alike across formats. */
export async function loadDocument(buf: Buffer, format: Format): Promise<LoadedDocument> {
  const doc = await load(buf, format);
  return { ...doc, text: foldForMatch(doc.text) };
}
