// A PDF page drawn to a bitmap for OCR, by pdfjs on @napi-rs/canvas (a registry package with its
// own prebuilt binary: no system renderer needed).
import type * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { RgbaImage } from './bitmap.ts';

/**
 * A page is drawn at its scan's own resolution within these bounds (dpi): below 150 dpi Chinese
 * body text (10.5 pt ≈ 22 px) loses strokes the recogniser needs; above 300 dpi it gains nothing
 * and costs time. A page whose resolution is unknown (no picture) is drawn at the upper bound.
 */
export const MIN_RENDER_DPI = 150;
export const MAX_RENDER_DPI = 300;

export function renderDpi(imageDpi: number | null): number {
  if (imageDpi === null || !Number.isFinite(imageDpi)) return MAX_RENDER_DPI;
  return Math.round(Math.min(MAX_RENDER_DPI, Math.max(MIN_RENDER_DPI, imageDpi)));
}

/** Draws page `p` on white at `dpi`, as displayed (its /Rotate applied). */
export async function renderPage(doc: pdfjs.PDFDocumentProxy, p: number, dpi: number): Promise<RgbaImage> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const page = await doc.getPage(p);
  try {
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    // @napi-rs/canvas implements the DOM canvas API that pdfjs draws with.
    await page.render({ canvasContext: ctx, canvas, viewport } as unknown as Parameters<pdfjs.PDFPageProxy['render']>[0]).promise;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { data, width, height };
  } finally {
    page.cleanup();
  }
}
