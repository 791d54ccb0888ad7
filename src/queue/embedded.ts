// Embedded mode: the job handler run in this process, with the same retries for transient faults
// as the BullMQ workers, so a single user needs nothing but Node.
import type { DocOutcome, Store } from '../store/store.ts';
import { runJob, TransientError, type ExtractJob } from './job.ts';
import type { JobSink } from './sink.ts';

export interface EmbeddedOptions {
  concurrency: number;
  attempts?: number;
  backoffMs?: number;
  onOutcome?: (o: DocOutcome) => void;
  onError?: (job: ExtractJob, e: Error) => void;
}

export class EmbeddedRunner implements JobSink {
  private readonly seen = new Set<string>();
  private readonly waiting: ExtractJob[] = [];
  private active = 0;
  private idle: Array<() => void> = [];

  constructor(private readonly store: Store, private readonly opts: EmbeddedOptions) {}

  async submit(job: ExtractJob, key: string): Promise<boolean> {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.waiting.push(job);
    this.pump();
    return true;
  }

  /** Resolves when every submitted job has finished. */
  drain(): Promise<void> {
    if (this.active === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
  }

  private pump(): void {
    while (this.active < this.opts.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.active++;
      void this.run(job).finally(() => {
        this.active--;
        this.pump();
        if (this.active === 0 && this.waiting.length === 0) for (const r of this.idle.splice(0)) r();
      });
    }
  }

  private async run(job: ExtractJob): Promise<void> {
    const attempts = this.opts.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await runJob(job, this.store, attempt);
        this.opts.onOutcome?.(outcome);
        return;
      } catch (e) {
        if (!(e instanceof TransientError) || attempt >= attempts) {
          if (this.opts.onError) this.opts.onError(job, e as Error);
          else process.stderr.write(`vetreport: ${job.sourcePath}: ${(e as Error).message}\n`);
          return;
        }
        await new Promise((r) => setTimeout(r, (this.opts.backoffMs ?? 1000) * 2 ** (attempt - 1)));
      }
    }
  }
}
