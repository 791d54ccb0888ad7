// OCR: seconds per page of the whole pipeline (file → records) on scanned copies of corpus pages
// made here (scripts/scan/scan.ts) at 150 and 300 dpi, as image-only PDFs and as PNG images; the
// model loading once per process apart; the resident memory of an extraction process reading them. Then what OCR must not touch: a
// born-digital report of 20+ pages, timed with OCR auto and never, and the number of pages it sent
// to OCR (0). And blank scanned pages (100; BENCH_BLANK_PAGES): the CPU their blank-page check takes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { qualityReport } from '../pipelines/quality-report.ts';
import { imagePdf, scannedCopy, scanPages } from '../scripts/scan/scan.ts';
import { loadDocument } from '../src/load/index.ts';
import { ExtractorPool } from '../src/extractor/pool.ts';
import { ocrStats } from '../src/ocr/engine.ts';
import { extractBuffer } from '../src/pipeline.ts';
import { cpuTime, median, table, time } from './stats.ts';

const EXTERNAL = fileURLToPath(new URL('../../shared/corpus/external/', import.meta.url));
const SCANNED = '周口市统计公报2023.pdf';
const BORN_DIGITAL = '黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf';
const PAGES = [1, 2];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

export async function benchOcr(): Promise<void> {
  const src = readFileSync(EXTERNAL + SCANNED);
  const rows: string[][] = [];
  // The first page read loads the models: timed on its own.
  const warm = await scannedCopy(src, [1], { dpi: 150 });
  const load = await time(() => extractBuffer(warm, 'warm.pdf', 'warm', qualityReport));
  for (const dpi of [150, 300]) {
    const pdf = await scannedCopy(src, PAGES, { dpi });
    const pngs = await Promise.all((await scanPages(src, PAGES, { dpi })).map(async (p) => {
      const { default: sharp } = await import('sharp');
      return sharp(p.jpeg).withMetadata({ density: dpi }).png().toBuffer();
    }));
    const wall: number[] = [];
    const cpu: number[] = [];
    const img: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      wall.push(await time(() => extractBuffer(pdf, 'scan.pdf', 'bench', qualityReport)));
      cpu.push(await cpuTime(() => extractBuffer(pdf, 'scan.pdf', 'bench', qualityReport)));
      img.push(await time(async () => { for (const png of pngs) await extractBuffer(png, 'scan.png', 'bench', qualityReport); }));
    }
    // Memory as a worker sees it: the same PDF in a fresh extraction process (src/extractor/pool.ts).
    const pool = new ExtractorPool();
    try {
      await pool.extract(pdf, 'scan.pdf', 'bench', qualityReport);
    } finally {
      await pool.close();
    }
    const perPage = (ms: number) => (ms / 1000 / PAGES.length).toFixed(1);
    rows.push([`${dpi} dpi`, perPage(median(wall)), perPage(median(cpu)), perPage(median(img)), `${pool.lastRssMb.toFixed(0)} / ${pool.lastPeakRssMb.toFixed(0)}`]);
  }
  console.log(`\n## OCR (seconds per page, ${SCANNED} pages ${PAGES.join(', ')} scanned here; median of ${RUNS} runs; models loaded once: ${(load / 1000).toFixed(1)} s with the first page)\n`);
  console.log(table(['scan', 'image-only PDF, wall', 'image-only PDF, CPU', 'PNG image, wall', 'extraction process resident MB after / peak'], rows));

  const born = readFileSync(EXTERNAL + BORN_DIGITAL);
  const before = ocrStats.pages;
  const auto: number[] = [];
  const never: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    auto.push(await time(() => loadDocument(born, 'pdf', { ocr: 'auto' })));
    never.push(await time(() => loadDocument(born, 'pdf', { ocr: 'never' })));
  }
  console.log(`\nborn-digital ${BORN_DIGITAL.slice(0, 12)}… (21 pages): load ${median(auto).toFixed(0)} ms with --ocr auto, ${median(never).toFixed(0)} ms with never; pages sent to OCR: ${ocrStats.pages - before}`);

  const white = await (await import('sharp')).default({ create: { width: 1240, height: 1754, channels: 3, background: '#fdfdfd' } }).jpeg().toBuffer();
  // 100 pages by default: the cost is per page (each is drawn to be found blank), and 500 took
  // 7 minutes of wall time on a loaded machine; BENCH_BLANK_PAGES=500 for the document.
  const blankPages = Number(process.env.BENCH_BLANK_PAGES ?? 100);
  const blank = imagePdf(Array.from({ length: blankPages }, () => ({ jpeg: white, widthPx: 1240, heightPx: 1754, widthPt: 595.28, heightPt: 841.89 })));
  const b0 = ocrStats.pages;
  const ms = await cpuTime(() => loadDocument(blank, 'pdf'));
  console.log(`${blankPages} blank scanned pages (150 dpi): ${(ms / 1000).toFixed(1)} CPU s, ${(ms / blankPages).toFixed(0)} ms a page; pages sent to recognition: ${ocrStats.pages - b0}`);
}
