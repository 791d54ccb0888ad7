// The smallest PDF file writer: numbered objects, a cross-reference table and a trailer whose Root
// is object 1. Synthetic pages for tests and the scanned copies of scripts/scan are written with it.

/**
 * A PDF file from its objects, in order: `objects[i]` becomes object `i + 1` (strings are written as
 * latin1 bytes, Buffers as they are, e.g. a JPEG stream body). `trailer` is extra trailer dictionary
 * text (e.g. `/Encrypt 9 0 R`). No compression, one revision.
 */
export function buildPdf(objects: (string | Buffer)[], trailer = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    const body = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n')]);
    offsets.push(length);
    parts.push(body);
    length += body.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${length}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(xref, 'latin1')]);
}
