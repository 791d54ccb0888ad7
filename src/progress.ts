// Progress of a long run on a terminal: documents done / total, rate, ETA, and the page a scanned
// document's OCR has reached (a 300 dpi page takes seconds, a scanned report minutes). Silent when
// the output is piped or in CI, where a stream of carriage returns is noise.
import path from 'node:path';
import type { PageProgress } from './extractor/progress.ts';

export class Progress {
  private done = 0;
  private failed = 0;
  private readonly t0 = performance.now();
  private readonly live: boolean;
  /** What the document being extracted is doing, when it is worth saying (its OCR page). */
  private doing = '';
  private shown = 0;

  constructor(private total: number | null, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.live = Boolean(stream.isTTY) && !process.env.CI;
  }

  grow(n = 1): void {
    if (this.total !== null) this.total += n;
  }

  tick(ok: boolean): void {
    this.done++;
    if (!ok) this.failed++;
    this.doing = '';
    this.draw();
  }

  /** A document's progress within itself: each page sent to OCR is shown as `name: OCR page 4/21`. */
  page(p: PageProgress): void {
    if (p.ocrPage === undefined) return;
    const name = p.sourcePath ? `${path.basename(p.sourcePath)}: ` : '';
    this.doing = ` — ${name}OCR page ${p.ocrPage}${p.pages > 0 ? `/${p.pages}` : ''}`;
    this.draw();
  }

  private draw(): void {
    if (!this.live) return;
    const secs = (performance.now() - this.t0) / 1000;
    const rate = this.done / Math.max(secs, 1e-3);
    const eta = this.total !== null && rate > 0 ? ` ETA ${Math.ceil((this.total - this.done) / rate)}s` : '';
    const of = this.total !== null ? `/${this.total}` : '';
    const line = `${this.done}${of} documents (${this.failed} failed), ${rate.toFixed(1)} docs/s${eta}${this.doing}`;
    // A shorter line than the last is padded, so none of the last is left on screen.
    this.stream.write(`\r${line.padEnd(this.shown)}   `);
    this.shown = line.length;
  }

  finish(): void {
    if (this.live && (this.done > 0 || this.shown > 0)) this.stream.write('\n');
  }
}
