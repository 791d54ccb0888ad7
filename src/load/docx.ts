// DOCX loader: guarded unzip → document.xml annotated with what mammoth drops (list labels,
// style levels, bold, grid offsets) → mammoth HTML → blocks whose spans index the joined text.
//
// Why annotate the XML instead of aligning mammoth's output afterwards: mammoth merges paragraphs
// (deleted paragraph marks), drops empty ones, moves text boxes after their anchor and nests list
// items, so counting <p> elements back onto w:p elements drifts. A marker written into every w:p
// survives all of that, and the labels are then prefixed from data computed in document order.
import mammoth from 'mammoth';
import type { LoadedDocument, LoaderIssue } from '../blocks.ts';
import { ExtractionError } from '../errors.ts';
import { annotateDocument } from './docx/annotate.ts';
import { assemble } from './docx/assemble.ts';
import { htmlToDrafts } from './docx/html-blocks.ts';
import { NoteMarks, readNotes } from './docx/notes.ts';
import { NumberingCounter } from './docx/numbering.ts';
import { mainDocumentPath, parseRelationships, relatedPart, relationshipsPathOf } from './docx/parts.ts';
import { packForMammoth } from './docx/repack.ts';
import { StyleSheet } from './docx/styles.ts';
import { checkPartSize, checkXmlShape } from './docx/xml-limits.ts';
import { inspectZip, readZipEntry } from './docx/zip-guard.ts';

const HEADING_STYLE_MAP = [1, 2, 3, 4, 5, 6].flatMap((n) => [
  `p[style-name='标题 ${n}'] => h${n}:fresh`,
  `p[style-name='标题${n}'] => h${n}:fresh`,
  `p[style-name='heading ${n}'] => h${n}:fresh`,
  `p[style-name='Heading ${n}'] => h${n}:fresh`,
]);
const STYLE_MAP = [...HEADING_STYLE_MAP, "br[type='page'] => hr"];

const RELATED_PARTS = ['styles', 'numbering', 'footnotes', 'endnotes', 'comments'] as const;

function decode(buf: Buffer | null): string | null {
  if (!buf) return null;
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export async function loadDocx(buf: Buffer): Promise<LoadedDocument> {
  const entries = inspectZip(buf);
  const read = (name: string): Buffer | null => {
    const e = entries.get(name);
    if (!e) return null;
    checkPartSize(name, e.uncompressedSize);
    return readZipEntry(buf, e);
  };

  const packageRels = decode(read('_rels/.rels'));
  const mainPath = mainDocumentPath(packageRels);
  const mainXml = decode(read(mainPath));
  if (mainXml === null) {
    throw new ExtractionError('DOCX_NO_BODY', `The archive has no ${mainPath}: it is a ZIP file, but not a Word document.`);
  }
  // Before any DOM is built: a part nested or sized to exhaust the parsers ends here (TOO_DEEP, TOO_COMPLEX).
  checkXmlShape(mainPath, mainXml);
  if (!/<(?:[\w.-]+:)?body[\s>/]/.test(mainXml)) {
    throw new ExtractionError('DOCX_NO_BODY', `${mainPath} has no document body (w:body): this is not a Word document.`);
  }
  const mainRelsPath = relationshipsPathOf(mainPath);
  const mainRelsXml = decode(read(mainRelsPath));
  const rels = parseRelationships(mainRelsXml);
  const partPath = (kind: string): string => relatedPart(mainPath, rels, kind) ?? `word/${kind}.xml`;

  const parts = new Map<string, Buffer | string>();
  const keep = (name: string): Buffer | null => {
    const data = read(name);
    if (data) parts.set(name, data);
    return data;
  };
  keep('[Content_Types].xml');
  if (packageRels !== null) parts.set('_rels/.rels', packageRels);
  if (mainRelsXml !== null) parts.set(mainRelsPath, mainRelsXml);
  const partXml = new Map<string, string | null>();
  for (const kind of RELATED_PARTS) {
    const p = partPath(kind);
    const xml = decode(keep(p));
    if (xml !== null) checkXmlShape(p, xml);
    partXml.set(kind, xml);
    keep(relationshipsPathOf(p));
  }

  const styles = new StyleSheet(partXml.get('styles') ?? null);
  const numbering = new NumberingCounter(partXml.get('numbering') ?? null, styles);
  const targets = new Map(rels.map((r) => [r.id, r.target]));
  const noteMarks = new NoteMarks({ footnote: readNotes(partXml.get('footnotes') ?? null, 'footnote'), endnote: readNotes(partXml.get('endnotes') ?? null, 'endnote') });
  const annotated = annotateDocument(mainXml, styles, numbering, targets, noteMarks);
  parts.set(mainPath, annotated.xml);

  let html: string;
  const issues: LoaderIssue[] = [];
  try {
    const result = await mammoth.convertToHtml(
      { buffer: await packForMammoth(parts) },
      {
        styleMap: STYLE_MAP,
        includeEmbeddedStyleMap: false,
        // Never decode image data: the block keeps a name, not the picture.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
    for (const m of result.messages) {
      if (m.type === 'error') issues.push({ code: 'DOCX_CONVERT_ERROR', message: m.message, span: { charStart: 0, charEnd: 0 } });
    }
  } catch (err) {
    throw new ExtractionError('CORRUPT_ARCHIVE', `${mainPath} could not be read as a Word document: ${(err as Error).message}`);
  }

  if (annotated.unreadTextBoxes > 0) {
    issues.push({
      code: 'DOCX_TEXTBOX_UNREAD',
      message: `${annotated.unreadTextBoxes} text box(es) in DrawingML without a VML fallback were not read; their text is missing.`,
      span: { charStart: 0, charEnd: 0 },
    });
  }
  const { blocks, text } = assemble(htmlToDrafts(html, annotated.paragraphs));
  return { blocks, text, encoding: null, issues };
}
