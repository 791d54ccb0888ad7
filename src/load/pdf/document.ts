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
 * What a document is opened for. `layout`: its pages are read, never drawn, so pdfjs skips the data
 * only drawing needs. Each picture stays in the operator list (object id, pixel size and, through
 * the current transform, its place) but its pixels are never decoded; glyph outlines are not
 * compiled into paths. Layout reads only boxes (figures, scan detection, a scan's resolution) and
 * text; on the 97-page report (121 pictures, 12.9 megapixels) the two were 40% of pdfjs's CPU.
 * `drawing`: everything, as pdfjs does by default, for drawing a page (OCR). `drawable` is not a
 * pdfjs option of its own: patches/pdfjs-dist+5.6.205.patch adds it (applied by `npm ci`,
 * postinstall), and test/pdf-loader.test.ts fails when it is missing.
 */
export type PdfUse = 'layout' | 'drawing';

/**
 * The document pdfjs opens from `data`. pdfjs takes ownership of (and may detach) the array it is
 * given: pass a copy of bytes still needed. Throws pdfjs' own errors (PasswordException,
 * InvalidPDFException, …); the loader turns them into error codes.
 */
export async function openPdf(data: Uint8Array, use: PdfUse = 'layout'): Promise<pdfjs.PDFDocumentProxy> {
  const params: Parameters<typeof pdfjs.getDocument>[0] & { drawable: boolean } = {
    data,
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONTS_URL,
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    drawable: use === 'drawing',
  };
  return pdfjs.getDocument(params).promise;
}
