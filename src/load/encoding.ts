// Decides how a text file's bytes become characters. Chinese .txt files arrive as UTF-8 (with or
// without BOM), UTF-16 from Windows tools, or GB18030/GBK from older ones; none of them says which.
import { ExtractionError } from '../errors.ts';

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
  /** Byte offsets (in the input) of sequences that could not be decoded and became U+FFFD. */
  badByteOffsets: number[];
}

const MAX_BAD_FRACTION = 0.001;

export function decodeText(buf: Buffer): Decoded {
  if (buf.length === 0) throw new ExtractionError('EMPTY_FILE', 'the file is empty (0 bytes)');
  sniffMagic(buf);

  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    // A BOM is evidence, not proof: converters put one before GBK bytes too. What follows it must
    // be UTF-8, else it is read as GB18030 if it reads as Chinese text, else judged as below.
    const body = buf.subarray(3);
    const utf8 = decodeUtf8(body, 3);
    if (utf8.badByteOffsets.length === 0) return { ...utf8, encoding: 'utf-8-bom' };
    const gb = tryGb18030(body);
    if (gb !== null) return { text: gb, encoding: 'gb18030', badByteOffsets: [] };
    return { ...survivableUtf8(body, utf8), encoding: 'utf-8-bom' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le', badByteOffsets: [] };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be', badByteOffsets: [] };

  const utf8 = decodeUtf8(buf, 0);
  if (utf8.badByteOffsets.length === 0 && !buf.includes(0)) return { ...utf8, encoding: 'utf-8' };

  const utf16 = guessBomlessUtf16(buf);
  if (utf16) return { text: new TextDecoder(utf16).decode(buf), encoding: utf16, badByteOffsets: [] };
  sniffControlBytes(buf);

  const gb = tryGb18030(buf);
  if (gb !== null) return { text: gb, encoding: 'gb18030', badByteOffsets: [] };

  return { ...survivableUtf8(buf, utf8), encoding: 'utf-8' };
}

/**
 * UTF-8 with a handful of broken bytes (a truncated copy, one bad paste) is survivable: the loader
 * warns where they are. More than that is not UTF-8 at all.
 */
function survivableUtf8(buf: Buffer, utf8: { text: string; badByteOffsets: number[] }): { text: string; badByteOffsets: number[] } {
  if (utf8.badByteOffsets.length <= Math.max(3, buf.length * MAX_BAD_FRACTION)) return utf8;
  throw new ExtractionError(
    'UNDECODABLE',
    `the bytes are neither valid UTF-8 (${utf8.badByteOffsets.length} invalid sequences, first at byte ${utf8.badByteOffsets[0]}) nor UTF-16 nor GB18030 text`,
  );
}

function sniffMagic(buf: Buffer): void {
  const head = buf.subarray(0, 8);
  const magic: Array<[number[], string]> = [
    [[0x25, 0x50, 0x44, 0x46], 'a PDF document (rename it to .pdf)'],
    [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (a .docx? rename it accordingly)'],
    [[0xd0, 0xcf, 0x11, 0xe0], 'a legacy Office (OLE2) file such as .doc'],
    [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
    [[0xff, 0xd8, 0xff], 'a JPEG image'],
    [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  ];
  for (const [bytes, what] of magic) {
    if (bytes.every((b, i) => head[i] === b)) throw new ExtractionError('NOT_TEXT', `the file is not text: it is ${what}`);
  }
}

/** NUL or C0 control bytes other than tab, newline, formfeed and escape mean binary (UTF-16 is ruled out before). */
function sniffControlBytes(buf: Buffer): void {
  const sample = buf.subarray(0, 64 * 1024);
  let controls = 0;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls++;
  if (controls > 0 && (sample.includes(0) || controls > sample.length * 0.01)) {
    throw new ExtractionError('NOT_TEXT', `the file is not text: ${controls} control bytes in the first ${sample.length} bytes`);
  }
}

function decodeUtf8(buf: Buffer, base: number): { text: string; badByteOffsets: number[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), badByteOffsets: [] };
  } catch {
    return { text: new TextDecoder('utf-8').decode(buf), badByteOffsets: invalidUtf8Offsets(buf).map((o) => o + base) };
  }
}

function invalidUtf8Offsets(buf: Buffer): number[] {
  const bad: number[] = [];
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) { bad.push(i); i++; continue; }
    let ok = i + need < buf.length || need === 0;
    for (let k = 1; ok && k <= need; k++) ok = (buf[i + k]! & 0xc0) === 0x80;
    if (!ok) { bad.push(i); i++; continue; }
    i += need + 1;
  }
  return bad;
}

/** UTF-16 without BOM: decodes cleanly into lines of mostly Han, ASCII and punctuation. */
function guessBomlessUtf16(buf: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (buf.length < 4 || buf.length % 2 !== 0) return null;
  const sample = buf.subarray(0, Math.min(buf.length, 64 * 1024));
  for (const enc of ['utf-16le', 'utf-16be'] as const) {
    let text: string;
    try {
      text = new TextDecoder(enc, { fatal: true }).decode(sample);
    } catch {
      continue;
    }
    const plausible = text.match(/[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g)?.length ?? 0;
    if (text.includes('\n') && plausible >= text.length * 0.95) return enc;
  }
  return null;
}

/**
 * GB18030 decodes almost any byte soup, so a successful decode is not enough: real Chinese text
 * is dominated by GB2312's symbols and level-1 hanzi (lead bytes A1–A9, B0–D7).
 */
function tryGb18030(buf: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
  let doubles = 0;
  let common = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    const next = buf[i + 1] ?? 0;
    if (next >= 0x30 && next <= 0x39) { i += 3; doubles++; continue; } // four-byte sequence
    doubles++;
    if ((b >= 0xa1 && b <= 0xa9) || (b >= 0xb0 && b <= 0xd7)) common++;
    i++;
  }
  if (doubles === 0) return text;
  return common / doubles >= 0.6 ? text : null;
}
