// Picks the loader for a file. DOCX and PDF loaders are imported on first use: a text-only run
// should not pay for pdfjs and mammoth at start-up.
import path from 'node:path';
import type { LoadedDocument } from '../blocks.ts';
import type { Format } from '../schema/records.ts';
import { ExtractionError } from '../errors.ts';
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
    case 'pdf':
      throw new ExtractionError('UNSUPPORTED_FORMAT', `${format.toUpperCase()} input is not supported yet by this build`);
  }
}
