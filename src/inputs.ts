// Turns the paths a user names into the report files to extract, and paths that name nothing
// into failures that are reported like any other failed input.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
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
