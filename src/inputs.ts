// Turns the paths a user names into the report files to extract, and paths that name nothing
// into failures that are reported like any other failed input.
import { constants, type Stats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ExtractionError, TransientError } from './errors.ts';
import { formatOf } from './load/index.ts';

export interface InputProblem {
  path: string;
  code: 'NOT_FOUND' | 'NO_INPUTS' | 'UNREADABLE';
  message: string;
}

const SKIP = /^(\.|~\$|README|CHANGELOG|LICENSE)/i;

export async function expandInputs(paths: string[]): Promise<{ files: string[]; problems: InputProblem[] }> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(code === 'ENOENT'
        ? { path: p, code: 'NOT_FOUND', message: `no such file or directory: ${p}` }
        : { path: p, code: 'UNREADABLE', message: `cannot read ${p}: ${(e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) {
      const found = await walk(p);
      if (found.length === 0) problems.push({ path: p, code: 'NO_INPUTS', message: `directory ${p} holds no report files (.txt, .md, .docx, .pdf)` });
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  return { files: [...new Set(files)], problems };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (SKIP.test(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && formatOf(e.name)) out.push(full);
  }
  return out;
}

const TRANSIENT_IO = new Set(['EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'EIO', 'ETIMEDOUT']);

/** What a file is, in words, when it is not a regular file. */
export function fileKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * Reads an input file's bytes, and only a regular file's: it is opened without blocking (a FIFO
 * would wait forever for a writer) and checked on the open descriptor, so a path swapped for a
 * FIFO or a device between a directory listing and the read is still refused. The size is checked
 * before a byte is read. Errors: ExtractionError NOT_FOUND, NOT_REGULAR_FILE, TOO_LARGE,
 * UNREADABLE; TransientError for faults worth retrying (EBUSY, EMFILE…).
 */
export async function readInput(file: string, shown: string, maxBytes: number): Promise<{ bytes: Buffer; size: number; mtimeMs: number }> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw ioError(e, shown);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new ExtractionError('NOT_REGULAR_FILE', `${shown} is ${fileKind(st)}, not a regular file: only files are read`);
    if (st.size > maxBytes) throw new ExtractionError('TOO_LARGE', `the file is ${st.size} bytes, above the pipeline's limit of ${maxBytes}`);
    const bytes = await fh.readFile();
    return { bytes, size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    if (e instanceof ExtractionError) throw e;
    throw ioError(e, shown);
  } finally {
    await fh.close();
  }
}

function ioError(e: unknown, shown: string): Error {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (TRANSIENT_IO.has(code)) return new TransientError(`reading ${shown}: ${(e as Error).message}`);
  if (code === 'ENOENT') return new ExtractionError('NOT_FOUND', `no such file: ${shown}`);
  return new ExtractionError('UNREADABLE', `cannot read ${shown}: ${(e as Error).message}`);
}
