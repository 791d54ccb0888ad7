// The command line's promises: a usage error is one line and exit 2 with no run created; input
// folders filtered by --include/--exclude/--no-recursive; `extract --out` into a used folder leaves
// nothing of the earlier content; Redis only when asked for, and a clear line when it is not there.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.ts';
import { cli, workspace as scratch } from './helpers/cli.ts';
import { seedPath } from './helpers/corpus.ts';

function workspace() {
  const w = scratch('cli', 'in');
  copyFileSync(seedPath('003'), path.join(w.inbox, 'qinzhou.txt'));
  return w;
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const envBefore = { ...process.env };
afterEach(() => {
  for (const k of ['REDIS_URL', 'VETREPORT_REDIS_URL']) {
    if (envBefore[k] === undefined) delete process.env[k];
    else process.env[k] = envBefore[k];
  }
});

describe('usage errors', () => {
  it('are one line and exit 2, and create no run', async () => {
    const { dir, inbox, store } = workspace();
    mkdirSync(path.join(dir, 'empty'));
    writeFileSync(path.join(dir, 'empty', 'notes.csv'), 'a,b\n');
    // Two runs to tell prefixes apart, and a document to name.
    expect((await cli(['extract', inbox, '--store', store, '--quiet'])).code).toBe(0);
    expect((await cli(['extract', inbox, '--store', store, '--quiet'])).code).toBe(0);
    const runs = await new Store(store).runs();
    const common = runs[0]!.slice(0, 10);
    const cases: Array<[string[], RegExp]> = [
      [['extract', path.join(dir, 'missing.txt'), inbox], /no such file or directory: .*missing\.txt/],
      [['extract', path.join(dir, 'empty')], /holds no report files/],
      [['extract', inbox, '--include', '*.pdf'], /holds no report files .* that --include\/--exclude let through/],
      [['extract', inbox, '-c', 'abc'], /argument 'abc' is invalid/],
      [['extract', inbox, '--pipeline', 'nope'], /unknown pipeline "nope"/],
      [['watch', inbox, '--settle', 'abc'], /argument 'abc' is invalid/],
      [['rerun', '--all', '--failed'], /'--all' cannot be used with option '--failed'/],
      [['rerun', '--doc', 'no-such-doc'], /no document no-such-doc in the store/],
      [['diff', '--kind', 'tabel'], /unknown record kind tabel \(known: document, section, table/],
      [['diff', '--doc', 'no-such-doc'], /no document no-such-doc in/],
      [['diff', common], new RegExp(`run prefix "${common}" matches 2 runs`)],
      [['diff', 'no-such-run'], /no run "no-such-run"/],
      [['status', '-n', '0'], /argument '0' is invalid/],
      [['prune', '--keep', 'x'], /argument 'x' is invalid/],
    ];
    for (const [args, message] of cases) {
      const r = await cli([...args, '--store', store]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(await new Store(store).runs()).toEqual(runs);
    // --out: a missing input writes nothing at all.
    expect((await cli(['extract', path.join(dir, 'missing.txt'), '--out', path.join(dir, 'out')])).code).toBe(2);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('input folders', () => {
  it('--include, --exclude and --no-recursive choose the files; answer keys beside PDFs stay out', async () => {
    const { dir, inbox } = workspace();
    copyFileSync(seedPath('001'), path.join(inbox, 'liuzhou.txt'));
    writeFileSync(path.join(inbox, 'liuzhou.md'), '# answer key\n一、概况\n');
    mkdirSync(path.join(inbox, 'more'));
    copyFileSync(seedPath('002'), path.join(inbox, 'more', 'deep.txt'));
    const docs = async (args: string[]) => {
      const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
      expect((await cli(['extract', inbox, '--out', out, '--quiet', ...args])).code).toBe(0);
      return JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')).documents.map((d: { docId: string }) => d.docId).sort();
    };
    expect(await docs([])).toEqual(['deep', 'liuzhou', 'liuzhou-txt', 'qinzhou']);
    expect(await docs(['--exclude', '*.md'])).toEqual(['deep', 'liuzhou', 'qinzhou']);
    expect(await docs(['--no-recursive', '--exclude', '*.md'])).toEqual(['liuzhou', 'qinzhou']);
    expect(await docs(['--include', 'more/**'])).toEqual(['deep']);
    expect(await docs(['--include', 'liu*', '--exclude', '*.md'])).toEqual(['liuzhou']);
  });

  it('extract --out into a used folder leaves nothing of the earlier content, and refuses a folder of other files', async () => {
    const { dir, inbox } = workspace();
    copyFileSync(seedPath('001'), path.join(inbox, 'liuzhou.txt'));
    const out = path.join(dir, 'out');
    expect((await cli(['extract', inbox, '--out', out, '--quiet'])).code).toBe(0);
    expect(readdirSync(path.join(out, 'docs')).sort()).toEqual(['liuzhou.json', 'liuzhou.txt', 'qinzhou.json', 'qinzhou.txt']);
    expect((await cli(['extract', path.join(inbox, 'qinzhou.txt'), '--out', out, '--quiet'])).code).toBe(0);
    expect(readdirSync(path.join(out, 'docs')).sort()).toEqual(['qinzhou.json', 'qinzhou.txt']);
    expect(readFileSync(path.join(out, 'records.jsonl'), 'utf8')).not.toContain('"docId":"liuzhou"');

    const mine = path.join(dir, 'my-notes');
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'thesis.docx'), 'mine');
    const r = await cli(['extract', inbox, '--out', mine]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds files that are not an earlier vetreport output/);
    expect(readdirSync(mine)).toEqual(['thesis.docx']);
  });
});

describe('Redis only when asked for', () => {
  it('a generic REDIS_URL does not switch to queue mode, and says it is not read', async () => {
    const { inbox, store } = workspace();
    process.env.REDIS_URL = `redis://127.0.0.1:${await closedPort()}`;
    delete process.env.VETREPORT_REDIS_URL;
    const r = await cli(['extract', inbox, '--store', store]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/REDIS_URL is set but not read: name vetreport's Redis with --redis or VETREPORT_REDIS_URL/);
    expect((await new Store(store).manifest((await new Store(store).runs())[0]!)).mode).toBe('embedded');
  });

  it('an unreachable Redis is one line, exit 2 and no run, for extract, rerun and status', async () => {
    const { inbox, store } = workspace();
    expect((await cli(['extract', inbox, '--store', store, '--quiet'])).code).toBe(0);
    const runs = await new Store(store).runs();
    const url = `redis://127.0.0.1:${await closedPort()}`;
    for (const args of [['extract', inbox], ['rerun', '--all'], ['status']]) {
      const r = await cli([...args, '--store', store, '--redis', url]);
      expect(r.code, args[0]).toBe(2);
      expect(r.err, args[0]).toMatch(new RegExp(`^vetreport: cannot reach Redis at ${url.replace(/[.]/g, '\\.')} \\(ECONNREFUSED\\)\\n$`.replace('^vetreport: ', '^')));
    }
    process.env.VETREPORT_REDIS_URL = url;
    expect((await cli(['extract', inbox, '--store', store])).code).toBe(2);
    expect(await new Store(store).runs()).toEqual(runs);
  }, 30_000);
});
