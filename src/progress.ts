// Progress of a long run on a terminal: documents done / total, rate, ETA. Silent when the output
// is piped or in CI, where a stream of carriage returns is noise.
export class Progress {
  private done = 0;
  private failed = 0;
  private readonly t0 = performance.now();
  private readonly live: boolean;

  constructor(private total: number | null, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.live = Boolean(stream.isTTY) && !process.env.CI;
  }

  grow(n = 1): void {
    if (this.total !== null) this.total += n;
  }

  tick(ok: boolean): void {
    this.done++;
    if (!ok) this.failed++;
    if (!this.live) return;
    const secs = (performance.now() - this.t0) / 1000;
    const rate = this.done / Math.max(secs, 1e-3);
    const eta = this.total !== null && rate > 0 ? ` ETA ${Math.ceil((this.total - this.done) / rate)}s` : '';
    const of = this.total !== null ? `/${this.total}` : '';
    this.stream.write(`\r${this.done}${of} documents (${this.failed} failed), ${rate.toFixed(1)} docs/s${eta}   `);
  }

  finish(): void {
    if (this.live && this.done > 0) this.stream.write('\n');
  }
}
