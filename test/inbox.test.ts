// What the inbox promises, on made-up inboxes: a copy paused past the settle time is extracted once
// it is whole; the same bytes under a second name are skipped with a line saying so; only regular
// files are read (a FIFO or a link to /dev/zero is refused and blocks nothing after it); links to
// files are followed; the watcher never reads its own store.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { openMode } from '../src/commands/mode.ts';
import { startWatch } from '../src/commands/watch.ts';
import { main } from '../src/cli.ts';
import type { CliIO } from '../src/cli/io.ts';
import { Store } from '../src/store/store.ts';
import { seedPath } from './helpers/corpus.ts';

const FIXTURE_PDF = fileURLToPath(new URL('../fixtures/pdf/quality-report-numbered.pdf', import.meta.url));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function watching(settleMs = 150) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-inbox-'));
  const inbox = path.join(dir, 'inbox');
  mkdirSync(inbox);
  const mode = await openMode({ store: path.join(dir, 'store'), concurrency: 1 });
  const log: string[] = [];
  const watch = await startWatch(inbox, qualityReport, mode, (l) => log.push(l), { settleMs });
  await watch.ready;
  return { dir, inbox, store: mode.store, log, stop: async () => { await watch.close(); await mode.close(); } };
}

describe('the inbox', () => {
  it('extracts a PDF whose copy paused longer than the settle time once the copy is whole', async () => {
    const w = await watching(150);
    try {
      const pdf = readFileSync(FIXTURE_PDF);
      const file = path.join(w.inbox, 'report.pdf');
      writeFileSync(file, pdf.subarray(0, Math.floor(pdf.length / 2)));
      const half = await until('the half file to be tried', () => w.store.latest('report'));
      expect(half.status).toBe('failed');
      writeFileSync(file, pdf);
      const whole = await until('the whole file', async () => { const p = await w.store.latest('report'); return p?.status === 'ok' && p; });
      expect(whole.sha256).not.toBe(half.sha256);
    } finally {
      await w.stop();
    }
  });

  it('skips the same bytes under a second name, and says so', async () => {
    const w = await watching();
    try {
      copyFileSync(seedPath('003'), path.join(w.inbox, 'qinzhou.txt'));
      await until('the first', () => w.store.latest('qinzhou'));
      copyFileSync(seedPath('003'), path.join(w.inbox, 'qinzhou-again.txt'));
      await until('the line', async () => w.log.some((l) => /skipped .*qinzhou-again\.txt: the same bytes as document qinzhou, already extracted/.test(l)));
      expect(await w.store.latest('qinzhou-again')).toBeNull();
    } finally {
      await w.stop();
    }
  });

  it('refuses a FIFO and a link to /dev/zero with a record, and extracts the files after them', async () => {
    const w = await watching();
    try {
      execFileSync('mkfifo', [path.join(w.inbox, 'a-pipe.txt')]);
      symlinkSync('/dev/zero', path.join(w.inbox, 'b-zero.txt'));
      await new Promise((r) => setTimeout(r, 300));
      copyFileSync(seedPath('001'), path.join(w.inbox, 'c-report.txt'));
      const ok = await until('the report after them', () => w.store.latest('c-report'));
      expect(ok.status).toBe('ok');
      const pipe = await until('the FIFO record', () => w.store.latest('a-pipe'));
      expect(pipe.error).toEqual({ code: 'NOT_REGULAR_FILE', message: expect.stringMatching(/a-pipe\.txt is a FIFO \(named pipe\), not a regular file/) });
      const zero = await until('the device record', () => w.store.latest('b-zero'));
      expect(zero.error?.message).toMatch(/b-zero\.txt is a character device, not a regular file/);
    } finally {
      await w.stop();
    }
  });

  it('never reads its own store, and will not watch a folder inside it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-inbox-'));
    const storeDir = path.join(dir, 'output');
    // The store holds text files of its own (normalized texts): a watcher of dir must not ingest them.
    const mode = await openMode({ store: storeDir, concurrency: 1 });
    const log: string[] = [];
    const watch = await startWatch(dir, qualityReport, mode, (l) => log.push(l), { settleMs: 100 });
    try {
      await watch.ready;
      expect(log).toContain(`the store ${storeDir} is inside the inbox: not watched`);
      copyFileSync(seedPath('003'), path.join(dir, 'qinzhou.txt'));
      await until('the report', () => mode.store.latest('qinzhou'));
      await new Promise((r) => setTimeout(r, 800));
      await watch.rescan();
      expect((await mode.store.allLatest()).map((p) => p.docId)).toEqual(['qinzhou']);
      await expect(startWatch(path.join(storeDir, 'runs'), qualityReport, mode, () => undefined)).rejects.toThrow(/is inside the store/);
    } finally {
      await watch.close();
      await mode.close();
    }
  });
});

describe('input folders given to extract', () => {
  it('follows a link to a report, reports a broken link and a FIFO, and takes a file named twice once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-links-'));
    const inputs = path.join(dir, 'in');
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(inputs);
    mkdirSync(elsewhere);
    copyFileSync(seedPath('001'), path.join(elsewhere, 'liuzhou.txt'));
    symlinkSync(path.join(elsewhere, 'liuzhou.txt'), path.join(inputs, 'linked.txt'));
    symlinkSync(path.join(elsewhere, 'gone.txt'), path.join(inputs, 'broken.txt'));
    symlinkSync(inputs, path.join(inputs, 'loop'));
    execFileSync('mkfifo', [path.join(inputs, 'pipe.txt')]);
    copyFileSync(seedPath('003'), path.join(inputs, 'qinzhou.txt'));
    const out = path.join(dir, 'out');
    let err = '';
    const io: CliIO = { say: () => undefined, warn: (l) => { err += `${l}\n`; } };
    expect(await main(['extract', inputs, path.join(inputs, '.', 'qinzhou.txt'), '--out', out], io)).toBe(1);
    const m = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    const byId = Object.fromEntries(m.documents.map((d: { docId: string; status: string; error: { code: string } | null }) => [d.docId, d.error?.code ?? d.status]));
    expect(byId).toEqual({ broken: 'NOT_FOUND', pipe: 'NOT_REGULAR_FILE', linked: 'ok', qinzhou: 'ok' });
    expect(err).toMatch(/broken\.txt is a link to nothing/);
    expect(err).toMatch(/pipe\.txt is a FIFO/);
    // The named FIFO fails too, without blocking.
    const alone = path.join(dir, 'out2');
    expect(await main(['extract', path.join(inputs, 'pipe.txt'), '--out', alone, '--quiet'], io)).toBe(1);
  });
});
