// Opening a PDF with pdfjs, the same way wherever its pages are read: in the loader's own thread and
// in the threads that read page ranges of a long document (./parallel.ts). One set of options, so
// that every thread lays out every page the same.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pdfjs from '../pdfjs.ts';

const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')).split(path.sep).join('/');
// Without the CMaps, text in non-embedded CJK fonts (UniGB-UCS2-H, GBK-EUC-H, …) silently vanishes.
const CMAP_URL = `${PDFJS_DIR}/cmaps/`;
const STANDARD_FONTS_URL = `${PDFJS_DIR}/standard_fonts/`;

/**
 * The document pdfjs opens from `data`. pdfjs takes ownership of (and may detach) the array it is
 * given: pass a copy of bytes still needed. Throws pdfjs' own errors (PasswordException,
 * InvalidPDFException, …); the loader turns them into error codes.
 */
export async function openPdf(data: Uint8Array): Promise<pdfjs.PDFDocumentProxy> {
  return pdfjs.getDocument({
    data,
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONTS_URL,
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
}
