// Caps on what a PDF may make the loader do, checked before and as pdfjs opens it. pdfjs has no
// option to bound what it inflates: a 3 MB file whose content stream inflates to 3 GiB takes
// minutes and gigabytes, and 50 pages sharing one 64 MiB stream decode it 50 times. So the raw
// file is scanned first: every Flate stream is inflated once with zlib's output cap, counting
// bytes and keeping nothing. Streams pdfjs would read anyway are read once more here, at zlib
// speed (a few percent of the PDF path).
import { constants, createInflate, createInflateRaw, inflateRawSync, inflateSync } from 'node:zlib';
import { ExtractionError } from '../../errors.ts';

export interface PdfLimits {
  /** Decoded bytes of one non-image stream (page content, form, font, object stream). Real pages decode to a few hundred KB. */
  maxStreamBytes: number;
  /** Decoded bytes of one image stream: a 300 dpi A3 CMYK scan is ~70 MB. */
  maxImageBytes: number;
  /** Decoded bytes of all streams together. */
  maxTotalBytes: number;
  /** Pages. The longest reports (statistical yearbooks) run to a thousand or two. */
  maxPages: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxStreamBytes: 32 * 2 ** 20,
  maxImageBytes: 256 * 2 ** 20,
  maxTotalBytes: 1024 * 2 ** 20,
  maxPages: 3000,
};

const STREAM = Buffer.from('stream');
const ENDSTREAM = Buffer.from('endstream');
/** How far back from `stream` its dictionary is looked for. */
const DICT_WINDOW = 4096;

const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

/** The stream's dictionary: the text between the last `obj` before it and the `stream` keyword. */
function dictionaryBefore(buf: Buffer, at: number): string {
  const from = Math.max(0, at - DICT_WINDOW);
  const head = buf.subarray(from, at).toString('latin1');
  const obj = head.lastIndexOf('obj');
  return obj >= 0 ? head.slice(obj + 3) : head;
}

/** Streams up to this size are inflated in one call; larger ones in chunks that are counted and dropped, so memory stays flat. */
const WHOLE_INFLATE = 4 * 2 ** 20;

/**
 * Inflated size of Flate data, counted up to `cap` + 1 bytes (inflating stops there); null when it
 * is not Flate data (pdfjs will not read it either).
 */
async function inflatedSize(data: Buffer, cap: number): Promise<number | null> {
  const small = Math.min(cap, WHOLE_INFLATE);
  let bigger = false;
  for (const inflate of [inflateSync, inflateRawSync]) {
    try {
      return inflate(data, { maxOutputLength: small + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
        if (small === cap) return cap + 1;
        bigger = true;
        break;
      }
    }
  }
  if (!bigger) return null;
  const counted = async (raw: boolean) => new Promise<number | null>((resolve) => {
    const z = raw ? createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH }) : createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    let n = 0;
    z.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > cap) {
        z.destroy();
        resolve(n);
      }
    });
    z.on('end', () => resolve(n));
    z.on('error', () => resolve(n > 0 ? n : null));
    z.end(data);
  });
  return (await counted(false)) ?? (await counted(true));
}

/**
 * Inflates every stream whose first filter is FlateDecode, counting its output: DECOMPRESSION_LIMIT
 * when one stream or all of them decode to more than the limits. Encrypted or damaged streams
 * (which do not inflate) are left to pdfjs.
 */
export async function checkPdfStreams(buf: Buffer, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<void> {
  let total = 0;
  for (let at = buf.indexOf(STREAM); at >= 0; at = buf.indexOf(STREAM, at + STREAM.length)) {
    // `stream` as a keyword: not the tail of `endstream`, followed by an end of line.
    if (at >= 3 && buf.subarray(at - 3, at).toString('latin1') === 'end') continue;
    let start = at + STREAM.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a && buf[start - 1] !== 0x0d) continue;
    if (buf[start] === 0x0a) start++;
    const dict = dictionaryBefore(buf, at);
    const end = buf.indexOf(ENDSTREAM, start);
    if (end < 0) break;
    at = end;
    const filter = /\/Filter\s*\[?\s*\/(\w+)/.exec(dict)?.[1];
    if (filter !== 'FlateDecode' && filter !== 'Fl') continue;
    const image = /\/Subtype\s*\/Image\b/.test(dict);
    const cap = Math.min(image ? limits.maxImageBytes : limits.maxStreamBytes, limits.maxTotalBytes - total);
    const size = await inflatedSize(buf.subarray(start, end), cap);
    if (size === null) continue;
    if (size > cap) {
      const over = cap < (image ? limits.maxImageBytes : limits.maxStreamBytes)
        ? `its streams decode to more than ${mib(limits.maxTotalBytes)} together`
        : `${image ? 'an image' : 'a'} stream decodes to more than ${mib(cap)}`;
      throw new ExtractionError('DECOMPRESSION_LIMIT', `the PDF is a decompression bomb or too large to read: ${over}`);
    }
    total += size;
  }
}

/** TOO_MANY_PAGES past the page limit, before a page is read. */
export function checkPageCount(pages: number, limits: PdfLimits = DEFAULT_PDF_LIMITS): void {
  if (pages > limits.maxPages) {
    throw new ExtractionError('TOO_MANY_PAGES', `the PDF has ${pages.toLocaleString('en')} pages, above the limit of ${limits.maxPages.toLocaleString('en')}`);
  }
}
