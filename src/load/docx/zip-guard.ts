// Checks a buffer is a sane ZIP before anything inflates it, and inflates single entries with a
// hard output cap. Declared sizes come from the central directory and can lie, so the cap on the
// real inflate is what actually bounds memory; the declared-size checks just fail fast.
import { inflateRawSync } from 'node:zlib';
import { ExtractionError } from '../../errors.ts';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** Refuse archives whose entries together declare more than this. */
  maxTotalBytes: number;
  /** An entry this big must not compress better than maxRatio. */
  largeEntryBytes: number;
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  largeEntryBytes: 5 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 10_000,
};

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;

function corrupt(detail: string): ExtractionError {
  return new ExtractionError('CORRUPT_ARCHIVE', `The file is a damaged or truncated ZIP archive (${detail}); a .docx must be a valid ZIP.`);
}

function describeNonZip(buf: Buffer): string {
  if (buf.subarray(0, 8).equals(OLE2_MAGIC)) {
    return 'The file looks like a legacy .doc (OLE2 compound file), or a password-protected Office file, not a .docx; re-save it as .docx in Word or LibreOffice.';
  }
  const head = buf.subarray(0, 8).toString('latin1');
  if (head.startsWith('%PDF')) return 'The file looks like a PDF, not a .docx.';
  if (head.startsWith('{\\rtf')) return 'The file looks like an RTF document, not a .docx; re-save it as .docx.';
  return 'The file is not a .docx: it is not a ZIP archive at all.';
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('64-bit field out of range');
  return Number(v);
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) return i;
  }
  return -1;
}

/** Parses the central directory and applies the size limits. Inflates nothing. */
export function inspectZip(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, ZipEntry> {
  if (buf.length === 0) throw new ExtractionError('EMPTY_FILE', 'The file is empty (0 bytes).');
  if (buf.length < 4 || buf.readUInt32LE(0) !== SIG_LOCAL) {
    // An empty archive starts with the EOCD record itself; it is a ZIP, just not a document.
    if (buf.length >= 22 && buf.readUInt32LE(0) === SIG_EOCD) {
      throw new ExtractionError('DOCX_NO_BODY', 'The file is an empty ZIP archive: it has no word/document.xml.');
    }
    throw new ExtractionError('NOT_A_DOCX', describeNonZip(buf));
  }
  if (buf.length < 22) throw corrupt('too short');
  const eocd = findEocd(buf);
  if (eocd < 0) throw corrupt('end of central directory not found');

  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) throw corrupt('ZIP64 locator missing');
    const z = u64(buf, loc + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== SIG_ZIP64_EOCD) throw corrupt('ZIP64 directory missing');
    count = u64(buf, z + 32);
    cdSize = u64(buf, z + 40);
    cdOffset = u64(buf, z + 48);
  }
  if (count > limits.maxEntries) {
    throw new ExtractionError('ZIP_BOMB', `The archive declares ${count} entries (limit ${limits.maxEntries}); refusing to unpack it.`);
  }
  if (cdOffset + cdSize > buf.length) throw corrupt('central directory lies outside the file');

  const entries = new Map<string, ZipEntry>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== SIG_CENTRAL) throw corrupt(`bad central directory record ${i}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    const nameEnd = p + 46 + nameLen;
    if (nameEnd + extraLen + commentLen > buf.length) throw corrupt(`central directory record ${i} runs past the end`);
    const name = buf.subarray(p + 46, nameEnd).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // ZIP64 extra field: only the fields saturated in the fixed record are present, in this order.
    for (let e = nameEnd; e + 4 <= nameEnd + extraLen; ) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) { uncompressedSize = u64(buf, q); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(buf, q); q += 8; }
        if (localHeaderOffset === 0xffffffff) { localHeaderOffset = u64(buf, q); q += 8; }
      }
      e += 4 + size;
    }
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw new ExtractionError(
        'ZIP_BOMB',
        `The archive declares more than ${Math.round(limits.maxTotalBytes / 1048576)} MB of uncompressed content; refusing to unpack it (possible zip bomb).`,
      );
    }
    if (uncompressedSize >= limits.largeEntryBytes && uncompressedSize > limits.maxRatio * Math.max(compressedSize, 1)) {
      throw new ExtractionError(
        'ZIP_BOMB',
        `Entry "${name}" would inflate ${Math.round(uncompressedSize / Math.max(compressedSize, 1))}× (${uncompressedSize} bytes); refusing to unpack it (possible zip bomb).`,
      );
    }
    entries.set(name, { name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p = nameEnd + extraLen + commentLen;
  }
  return entries;
}

/** Inflates one entry, never producing more than its declared size. */
export function readZipEntry(buf: Buffer, entry: ZipEntry): Buffer {
  if (entry.flags & 0x1) throw corrupt(`entry "${entry.name}" is encrypted`);
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== SIG_LOCAL) throw corrupt(`no local header for "${entry.name}"`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw corrupt(`entry "${entry.name}" runs past the end`);
  const raw = buf.subarray(start, end);
  let out: Buffer;
  if (entry.method === 0) {
    out = raw;
  } else if (entry.method === 8) {
    try {
      // maxOutputLength makes zlib stop as soon as the output would exceed the declared size.
      out = inflateRawSync(raw, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new ExtractionError(
          'ZIP_BOMB',
          `Entry "${entry.name}" inflates beyond its declared ${entry.uncompressedSize} bytes; refusing to unpack it (possible zip bomb).`,
        );
      }
      throw corrupt(`entry "${entry.name}" does not inflate: ${(err as Error).message}`);
    }
  } else {
    throw corrupt(`entry "${entry.name}" uses unsupported compression method ${entry.method}`);
  }
  if (out.length !== entry.uncompressedSize) {
    throw corrupt(`entry "${entry.name}" is ${out.length} bytes, not the declared ${entry.uncompressedSize}`);
  }
  return out;
}
