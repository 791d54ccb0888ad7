// Picks the loader for a file. DOCX, PDF and image loaders are imported on first use: a text-only
// run should not pay for pdfjs, mammoth or the OCR models at start-up.
import path from 'node:path';
import type { LoadedDocument } from '../blocks.ts';
import { ocrMode, type OcrMode } from '../ocr/mode.ts';
import type { Format } from '../schema/records.ts';
import { foldForMatch } from '../text/normalize.ts';
import { isOle2 } from './magic.ts';
import { loadText } from './text.ts';

const EXTENSIONS: Record<string, Format> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.docx': 'docx',
  '.doc': 'doc',
  '.wps': 'wps',
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.tif': 'image',
  '.tiff': 'image',
};

export function formatOf(filePath: string): Format | null {
  return EXTENSIONS[path.extname(filePath).toLowerCase()] ?? null;
}

/** The format a document costs as (extractor/budget.ts): a .docx that is really a .doc is converted first. */
export function costFormat(filePath: string, buf: Buffer): Format | null {
  const f = formatOf(filePath);
  return f === 'docx' && isOle2(buf) ? 'doc' : f;
}

export interface LoadOptions {
  /** Which pages are read by OCR; default: this process's mode (`--ocr`, src/ocr/mode.ts). */
  ocr?: OcrMode;
}

/**
 * The DOCX and PDF loaders keep their text as the blocks print it (a span slices out exactly its
 * block's text); folding for matching happens here, once. The text loader folds as it decodes.
 */
export async function loadDocument(buf: Buffer, format: Format, opts: LoadOptions = {}): Promise<LoadedDocument> {
  const ocr = opts.ocr ?? ocrMode();
  switch (format) {
    case 'txt':
    case 'md':
      return loadText(buf);
    case 'docx':
      // A .docx with OLE2 bytes is a .doc renamed (or an encrypted Office file, which conversion reports).
      if (isOle2(buf)) return folded(await (await import('./legacy-word.ts')).loadLegacyWord(buf, 'docx'));
      return folded(await (await import('./docx.ts')).loadDocx(buf));
    case 'doc':
    case 'wps':
      return folded(await (await import('./legacy-word.ts')).loadLegacyWord(buf, format));
    case 'html':
      return folded(await (await import('./html.ts')).loadHtml(buf));
    case 'pdf':
      return folded(await (await import('./pdf.ts')).loadPdf(buf, { ocr }));
    case 'image':
      return folded(await (await import('./image.ts')).loadImage(buf, { ocr }));
  }
}

function folded(doc: LoadedDocument): LoadedDocument {
  return { ...doc, text: foldForMatch(doc.text) };
}
