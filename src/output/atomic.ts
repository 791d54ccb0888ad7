// Outputs are replaced, never rewritten in place: a reader (or a crash) sees the old file or the
// new one, never half of one. Appends (a run's records.jsonl) are committed by the file that records
// where they are, so a block cut short is never pointed at and is cut off again.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/** Who writes a temporary file: the store's sweeper removes those of processes that are gone. */
export const TMP_OWNER = `${process.pid}-${createHash('sha256').update(hostname()).digest('hex').slice(0, 8)}`;

export interface AtomicOptions {
  /**
   * Where the temporary file goes (same filesystem as `file`). The store keeps all of them in one
   * directory, so leftovers of a crash are found without walking every run.
   */
  tmpDir?: string;
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicOptions = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = opts.tmpDir
    ? path.join(opts.tmpDir, `${TMP_OWNER}-${randomBytes(6).toString('hex')}.tmp`)
    : `${file}.${TMP_OWNER}-${randomBytes(4).toString('hex')}.tmp`;
  if (opts.tmpDir) await mkdir(opts.tmpDir, { recursive: true });
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Where an appended block sits in its file, in bytes. */
export interface Block {
  offset: number;
  bytes: number;
}

/**
 * Appends `data` at the end of `file` and syncs it; the caller must hold the file's lock (one
 * appender at a time, also across processes). A block after a partial line (a crash or a full disk
 * mid-write) starts on a fresh line: the torn tail is cut off first. On any write error the file is
 * cut back to where it was, so a failed append leaves nothing behind.
 */
export async function appendBlock(file: string, data: Uint8Array): Promise<Block> {
  await mkdir(path.dirname(file), { recursive: true });
  const fh = await open(file, 'a+');
  try {
    let { size } = await fh.stat();
    const end = await lineEnd(fh, size);
    if (end < size) {
      size = end;
      await fh.truncate(size);
    }
    try {
      // 'a+' appends at the end whatever the position argument; the file is ours while locked.
      await fh.writeFile(data);
      await fh.sync();
    } catch (e) {
      await fh.truncate(size).catch(() => undefined);
      throw e;
    }
    return { offset: size, bytes: data.byteLength };
  } finally {
    await fh.close();
  }
}

/** The end of the last complete line of a file `size` bytes long (0 when it has none): read backwards, 64 KiB at a time. */
async function lineEnd(fh: FileHandle, size: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await fh.read(chunk, 0, end - start, start);
    const nl = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (end === size && nl === bytesRead - 1) return size;
    if (nl >= 0) return start + nl + 1;
    end = start;
  }
  return 0;
}

/**
 * Overwrites a block in place with blanks, keeping its newlines: the records are gone, every other
 * block stays where its result says, and the file still reads as JSON lines (blank ones).
 */
export async function blankBlock(file: string, block: Block): Promise<void> {
  const fh = await open(file, 'r+').catch(() => null);
  if (!fh) return;
  try {
    const { size } = await fh.stat();
    const len = Math.max(0, Math.min(block.bytes, size - block.offset));
    if (len === 0) return;
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, block.offset);
    for (let i = 0; i < len; i++) if (buf[i] !== 0x0a) buf[i] = 0x20;
    await fh.write(buf, 0, len, block.offset);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
