// File signatures the loaders dispatch on where the name says one thing and the bytes another.

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** An OLE2 compound file: Word 97–2003 .doc, WPS Office's .wps, or an encrypted Office file. */
export function isOle2(buf: Buffer): boolean {
  return buf.subarray(0, 8).equals(OLE2_MAGIC);
}

/** A ZIP archive: a .docx (or another OOXML package). */
export function isZip(buf: Buffer): boolean {
  return buf.subarray(0, 4).equals(ZIP_MAGIC);
}
