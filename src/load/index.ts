// Picks the loader for a file. DOCX and PDF loaders are imported on first use: a text-only run
// should not pay for pdfjs and mammoth at start-up.
import path from 'node:path';
import type { LoadedDocument } from '../blocks.ts';
import type { Format } from '../schema/records.ts';
import { loadText } from './text.ts';

const EXTENSIONS: Record<string, Format> = { '.txt': 'txt', '.text': 'txt', '.md': 'md', '.markdown': 'md', '.docx': 'docx', '.pdf': 'pdf' };

export function formatOf(filePath: string): Format | null {
  return EXTENSIONS[path.extname(filePath).toLowerCase()] ?? null;
}

export async function loadDocument(buf: Buffer, format: Format): Promise<LoadedDocument> {
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
