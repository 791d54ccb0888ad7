// Small generated files that trip the same limits as the hostile inputs that once held a worker
// for minutes: decompression bombs, page trees of tens of thousands of pages, Word XML nested a
// hundred thousand deep, parts declaring hundreds of megabytes.
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { buildPdf } from './pdf.ts';

const deflatedStream = (dict: string, content: Buffer) => {
  const z = deflateSync(content, { level: 9 });
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${z.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), z, Buffer.from('\nendstream', 'latin1')]);
};

/** `pages` pages whose content is one Flate stream of `inflatedBytes` (spaces: valid, empty content), shared by every page. */
export function pdfBomb(inflatedBytes: number, pages = 1): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 4} 0 R`).join(' ');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    deflatedStream('', Buffer.alloc(inflatedBytes, 0x20)),
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>'),
  ]);
}

/** A real page tree of `pages` empty pages. */
export function pdfManyPages(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'),
  ]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A .docx whose body is `inner` (WordprocessingML), stored without compression so the zip guard's ratio check passes. */
export async function docxWithBody(inner: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${inner}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

/** `levels` nested content controls around one paragraph. */
export function nestedContentControls(levels: number): string {
  return '<w:sdt><w:sdtContent>'.repeat(levels) + '<w:p><w:r><w:t>正文。</w:t></w:r></w:p>' + '</w:sdtContent></w:sdt>'.repeat(levels);
}

/** `levels` paragraphs nested in each other (not valid WordprocessingML, but well-formed XML). */
export function nestedParagraphs(levels: number): string {
  return '<w:p>'.repeat(levels) + '<w:r><w:t>正文。</w:t></w:r>' + '</w:p>'.repeat(levels);
}

/**
 * A small .docx whose word/document.xml declares `declaredBytes` uncompressed in the zip's central
 * directory, as a 200 MB document.xml stored without compression does.
 */
export async function docxDeclaringHugeBody(declaredBytes: number): Promise<Buffer> {
  const buf = await docxWithBody('<w:p><w:r><w:t>正文。</w:t></w:r></w:p>');
  const name = Buffer.from('word/document.xml');
  for (let p = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p > 0; p = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p - 1)) {
    if (buf.subarray(p + 46, p + 46 + name.length).equals(name)) {
      buf.writeUInt32LE(declaredBytes, p + 20);
      buf.writeUInt32LE(declaredBytes, p + 24);
      return buf;
    }
  }
  throw new Error('no central directory record for word/document.xml');
}
