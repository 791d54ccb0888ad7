// The shape of an XML part checked before any DOM is built from it: its size, how deeply its
// elements nest and how many there are. The DOM builders and walkers downstream (cheerio,
// annotate.ts, mammoth) recurse per level and hold every element, so a part stored uncompressed
// (which the zip guard lets through) with 100 000 nested content controls overflows the stack, and
// a million nested paragraphs parse for minutes. One forward scan with indexOf costs a tenth of
// htmlparser2's tokenizer on the same part, a few percent of the DOCX path.
import { ExtractionError } from '../../errors.ts';

export interface XmlLimits {
  /** Uncompressed bytes of one part. The largest document.xml in the corpus is 1.5 MB; a 300-page report is ~20 MB. */
  maxBytes: number;
  /** Element nesting. Real documents nest 5–18 deep (body, table, row, cell, paragraph, run, content controls, text boxes). */
  maxDepth: number;
  /** Elements in one part: the corpus has up to 45 000 (1.5 MB); this many is a document no reader would finish. */
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 256,
  maxElements: 2_000_000,
};

/** Refuses a part by its declared size before it is inflated: TOO_LARGE. */
export function checkPartSize(name: string, bytes: number, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  if (bytes > limits.maxBytes) {
    throw new ExtractionError('TOO_LARGE', `${name} is ${(bytes / 2 ** 20).toFixed(0)} MB uncompressed, above the limit of ${(limits.maxBytes / 2 ** 20).toFixed(0)} MB for one part`);
  }
}

/**
 * Scans an XML part's markup without building anything: throws TOO_DEEP past `maxDepth` nested
 * elements and TOO_COMPLEX past `maxElements`, at the first element over the limit. Comments,
 * CDATA, processing instructions and declarations are stepped over; quoted attribute values may
 * hold '>'. Malformed markup is left to the parser that follows.
 */
export function checkXmlShape(name: string, xml: string, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  checkPartSize(name, xml.length, limits);
  let depth = 0;
  let elements = 0;
  let i = 0;
  const skipTo = (end: string, from: number) => {
    const at = xml.indexOf(end, from);
    return at < 0 ? xml.length : at + end.length;
  };
  while ((i = xml.indexOf('<', i)) >= 0) {
    const next = xml.charCodeAt(i + 1);
    if (next === 0x2f /* </ */) {
      depth--;
      i = skipTo('>', i);
      continue;
    }
    if (next === 0x3f /* <? */) {
      i = skipTo('?>', i);
      continue;
    }
    if (next === 0x21 /* <! */) {
      i = xml.startsWith('<!--', i) ? skipTo('-->', i) : xml.startsWith('<![CDATA[', i) ? skipTo(']]>', i) : skipTo('>', i);
      continue;
    }
    // A start tag: its end is the first '>' outside quotes.
    let j = i + 1;
    for (;;) {
      const c = xml.charCodeAt(j);
      if (c === 0x3e || Number.isNaN(c)) break;
      if (c === 0x22 || c === 0x27) {
        const close = xml.indexOf(c === 0x22 ? '"' : "'", j + 1);
        j = close < 0 ? xml.length : close + 1;
      } else j++;
    }
    if (++elements > limits.maxElements) {
      throw new ExtractionError('TOO_COMPLEX', `${name} has more than ${limits.maxElements.toLocaleString('en')} XML elements`);
    }
    if (xml.charCodeAt(j - 1) !== 0x2f /* not self-closing */ && ++depth > limits.maxDepth) {
      throw new ExtractionError('TOO_DEEP', `${name} nests its elements more than ${limits.maxDepth} deep`);
    }
    i = j + 1;
  }
}
