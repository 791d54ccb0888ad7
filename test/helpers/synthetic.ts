// Large made-up inputs for the algorithms that could grow with the square of their input: the
// tests in test/linear.test.ts check their results, bench/linear.ts times them at several sizes.
import { AnyRecord, type SectionRecord, type TableCell, type TableRecord } from '../../src/schema/records.ts';

/** A deterministic run of `n` Han characters, different for each `i`. */
export function han(i: number, n = 8): string {
  let s = '';
  let x = (i * 2654435761) >>> 0;
  for (let k = 0; k < n; k++) {
    s += String.fromCharCode(0x4e00 + (x % 5000));
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  }
  return s;
}

/** A table exported one cell per line: short lines without sentence ends. */
export function shortLines(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `${han(i, 3)}${i}` : han(i, 4)));
}

const TITLE_WORDS = ['教学', '改革', '质量', '发展', '服务', '学校', '专业', '建设', '管理', '培养', '就业', '合作', '师资', '课程', '实训', '招生'];

/** A heading title of real words (random characters can read as a quantity: 2.99 元…), different for most `i`. */
export function title(i: number): string {
  const w = TITLE_WORDS.length;
  return TITLE_WORDS[i % w]! + TITLE_WORDS[Math.floor(i / w) % w]! + TITLE_WORDS[Math.floor(i / (w * w)) % w]!;
}

/** A printed table of contents of 99 × 99 entries (`k.m 标题……k`) and the body with the same headings. */
export function tocAndBody(): { toc: string[]; body: string[] } {
  const toc: string[] = [];
  const body: string[] = [];
  for (let k = 1; k <= 99; k++) {
    for (let m = 1; m <= 99; m++) {
      toc.push(`${k}.${m} ${title(k * 100 + m)}……${k}`);
      body.push(`${k}.${m} ${title(k * 100 + m)}`, `${han(k * 1000 + m, 30)}。`, `${han(k * 1000 + m + 1, 30)}。`);
    }
  }
  return { toc, body };
}

const extractor = { pipeline: 'quality-report', version: '0.1.0' };
const prov = (docId: string, at: number) => ({ sourcePath: `${docId}.txt`, sha256: 'a'.repeat(64), format: 'txt' as const, charStart: at, charEnd: at + 10, sectionId: null });

export function section(docId: string, n: number, title: string, text: string, at: number): SectionRecord {
  return { kind: 'section', id: `${docId}/sec/${n}`, docId, provenance: prov(docId, at), extractor, number: `${n}.`, title, level: 1, parentId: null, text };
}

/** `n` sections, and the same after one was inserted at the top (every number shifts by one). */
export function renumbered(n: number): { before: SectionRecord[]; after: SectionRecord[] } {
  return {
    before: Array.from({ length: n }, (_, i) => section('d', i + 1, han(i), han(i + n, 30), i * 100)),
    after: [section('d', 1, '新增一节', '新增的内容。', 0), ...Array.from({ length: n }, (_, i) => section('d', i + 2, han(i), han(i + n, 30), i * 100 + 50))],
  };
}

const cell = (text: string): TableCell => (/^\d+$/.test(text) ? { text, value: Number(text), type: 'integer' } : { text, value: null, type: 'text' });

/** 序号 | 学校 | 在校生人数: one row per school, `name(i)` and `count(i)` filling the last two. */
export function schoolTable(n: number, name: (i: number) => string, count: (i: number) => number): TableRecord {
  return AnyRecord.parse({
    kind: 'table', id: 'd/table/1', docId: 'd', provenance: prov('d', 0), extractor, number: '1', title: '各校在校生人数',
    columns: [{ path: ['序号'], unit: null }, { path: ['学校'], unit: null }, { path: ['在校生人数'], unit: '人' }],
    headerRows: [[cell('序号'), cell('学校'), cell('在校生人数')]],
    rows: Array.from({ length: n }, (_, i) => [String(i + 1), name(i), String(count(i))].map(cell)),
    notes: [], unit: null, sectionId: null,
  }) as TableRecord;
}
