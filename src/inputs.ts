// Turns the paths a user names into the report files to extract. A path that names nothing (a typo,
// an empty folder) is a usage error: nothing runs. Inside folders, only regular files are taken:
// a FIFO, socket or device with a report's extension becomes a failed input with its reason (it
// would block or never end a read), a link is followed to what it names (loops and the same file
// twice are taken once), and a broken link is reported, never skipped without a word.
import { constants, type Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { ExtractionError, TransientError, UsageError } from './errors.ts';
import { formatOf } from './load/index.ts';

export interface InputProblem {
  path: string;
  code: 'NOT_FOUND' | 'NOT_REGULAR_FILE' | 'UNREADABLE';
  message: string;
}

export interface InputOptions {
  /** Only files inside folders matching one of these globs (a glob without "/" matches the file name). */
  include?: string[];
  /** Leave out files inside folders matching one of these globs (e.g. "*.md" for answer keys beside PDFs). */
  exclude?: string[];
  /** Walk subfolders (default true). */
  recursive?: boolean;
  /** Folders never walked, absolute (the store, when it sits inside an input folder). */
  skipDirs?: string[];
  /** A folder without report files is fine (an inbox), not a usage error. */
  allowEmpty?: boolean;
}

// Hidden files, editors' lock files and a project's own notes are never reports.
const SKIP = /^(\.|~\$|README|CHANGELOG|LICENSE)/i;

const KNOWN = '.txt, .md, .docx, .doc, .wps, .pdf, .html, .htm, .png, .jpg, .tif';

/** A file-name filter from include/exclude globs, matched on the path relative to the folder walked. */
export function globFilter(opts: Pick<InputOptions, 'include' | 'exclude'>): (relPath: string) => boolean {
  // As in .gitignore: a glob with a "/" matches the path from the folder, one without the file name.
  // (picomatch's own `basename` option applies to every glob of a list, slashes or not.)
  const pm = (globs: string[]) => {
    const byPath = globs.filter((g) => g.includes('/'));
    const byName = globs.filter((g) => !g.includes('/'));
    const p = byPath.length ? picomatch(byPath, { dot: true }) : () => false;
    const n = byName.length ? picomatch(byName, { dot: true }) : () => false;
    return (rel: string) => p(rel) || n(rel.slice(rel.lastIndexOf('/') + 1));
  };
  const inc = opts.include?.length ? pm(opts.include) : null;
  const exc = opts.exclude?.length ? pm(opts.exclude) : null;
  return (rel) => (!inc || inc(rel)) && !(exc && exc(rel));
}

/**
 * The report files the paths name, in a stable order (each folder sorted by name), with the inputs
 * that must fail (FIFOs, devices, broken links inside folders). Throws UsageError when a named path
 * does not exist or a named folder holds no report file.
 */
export async function expandInputs(paths: string[], opts: InputOptions = {}): Promise<{ files: string[]; problems: InputProblem[] }> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  const missing: string[] = [];
  const empty: string[] = [];
  const keep = globFilter(opts);
  const seen = new Set<string>();
  const skipDirs = new Set((opts.skipDirs ?? []).map((d) => path.resolve(d)));
  const take = async (file: string) => {
    const real = await realpath(file).catch(() => path.resolve(file));
    if (seen.has(real)) return false;
    seen.add(real);
    files.push(file);
    return true;
  };

  for (const p of paths) {
    let st: Stats;
    try {
      st = await stat(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') missing.push(p);
      else problems.push({ path: p, code: 'UNREADABLE', message: `cannot read ${p}: ${(e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length + problems.length;
      await walk(p, '', opts.recursive ?? true, keep, take, problems, new Set([await realpath(p)]), skipDirs);
      if (files.length + problems.length === before) empty.push(p);
    } else if (st.isFile()) {
      await take(p);
    } else {
      problems.push(notRegular(p, st));
    }
  }
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  if (empty.length && !opts.allowEmpty) {
    const filtered = opts.include?.length || opts.exclude?.length ? ' that --include/--exclude let through' : '';
    throw new UsageError(`${empty.length === 1 ? 'folder' : 'folders'} ${empty.join(', ')} ${empty.length === 1 ? 'holds' : 'hold'} no report files (${KNOWN})${filtered}`);
  }
  return { files, problems };
}

function notRegular(p: string, st: Stats): InputProblem {
  return { path: p, code: 'NOT_REGULAR_FILE', message: `${p} is ${fileKind(st)}, not a regular file: only files are read` };
}

async function walk(dir: string, rel: string, recursive: boolean, keep: (rel: string) => boolean, take: (f: string) => Promise<boolean>, problems: InputProblem[], visited: Set<string>, skipDirs: Set<string>): Promise<void> {
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    problems.push({ path: dir, code: 'UNREADABLE', message: `cannot read folder ${dir}: ${(e as Error).message}` });
    return;
  }
  for (const e of entries) {
    if (SKIP.test(e.name)) continue;
    const full = path.join(dir, e.name);
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    let st: Stats | null = null;
    if (e.isSymbolicLink()) {
      st = await stat(full).catch(() => null);
      if (!st) {
        if (formatOf(e.name) && keep(relPath)) problems.push({ path: full, code: 'NOT_FOUND', message: `${full} is a link to nothing (broken link)` });
        continue;
      }
    }
    const isDir = st ? st.isDirectory() : e.isDirectory();
    if (isDir) {
      if (!recursive || skipDirs.has(path.resolve(full))) continue;
      const real = await realpath(full).catch(() => null);
      if (!real || visited.has(real)) continue; // a link back up the tree
      visited.add(real);
      await walk(full, relPath, recursive, keep, take, problems, visited, skipDirs);
      continue;
    }
    if (!formatOf(e.name) || !keep(relPath)) continue;
    const isFile = st ? st.isFile() : e.isFile();
    if (isFile) await take(full);
    else problems.push(notRegular(full, st ?? (await stat(full))));
  }
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
