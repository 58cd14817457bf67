import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from './make-dir.js';
import { WriteError } from './write-error.js';

export type WriteOutcome = 'written' | 'unchanged';

/** A file's content: text (written as UTF-8), bytes, or byte pieces written one after the other. */
export type FileContent = string | Uint8Array | readonly Uint8Array[];

/**
 * Writes `content` to `file` so that the file is always whole, the old one
 * or the new one, even when the disk fills or the machine loses power: the
 * bytes go to a temporary file in the same folder, every one of them
 * counted, which is synced to the disk before it is renamed over the old
 * file; then the folder is synced so that the rename lasts too. On any
 * failure the old file (or its absence) stays as it was, the temporary file
 * is removed, and a WriteError names the file and the cause.
 * A file that already holds exactly these bytes is left alone (its mtime
 * too), which is how a build knows what changed.
 */
export async function writeFileAtomic(file: string, content: FileContent): Promise<WriteOutcome> {
  const pieces = toPieces(content);
  let onDisk: OnDisk;
  try {
    onDisk = await compareWithDisk(file, pieces);
  } catch (error) {
    throw new WriteError({ file, cause: error, state: 'unchanged', existed: true });
  }
  if (onDisk === 'same') return 'unchanged';
  const existed = onDisk === 'different';
  const dir = path.dirname(file);
  // Outside the try: a folder that cannot be made is its own diagnostic (exit 2), not a failed write.
  await makeDirectory(dir);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeSynced(temp, pieces);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new WriteError({ file, cause: error, state: 'unchanged', existed });
  }
  try {
    await syncFolder(dir);
  } catch (error) {
    throw new WriteError({ file, cause: error, state: 'replaced', existed });
  }
  return 'written';
}

/** What FileHandle.writev offers, narrowed so that a test can hand in a disk that takes fewer bytes. */
export interface ByteSink {
  writev(buffers: Uint8Array[], position: number): Promise<{ bytesWritten: number }>;
}

/**
 * Writes every byte of `pieces` from offset 0, however many calls it takes:
 * a write may take fewer bytes than it was given without an error (libuv
 * returns what it wrote before a full disk refused the rest), and the call
 * for the rest then reports why. Returns the number of bytes written.
 */
export async function writeFully(sink: ByteSink, pieces: readonly Uint8Array[]): Promise<number> {
  const total = pieces.reduce((sum, p) => sum + p.byteLength, 0);
  let rest = pieces.filter((p) => p.byteLength > 0);
  let written = 0;
  while (rest.length > 0) {
    const { bytesWritten } = await sink.writev(rest, written);
    if (!(bytesWritten > 0)) throw new Error(`the disk took no more bytes after ${written} of ${total}`);
    written += bytesWritten;
    rest = skipBytes(rest, bytesWritten);
  }
  return written;
}

/** The pieces without their first `count` bytes. */
function skipBytes(pieces: readonly Uint8Array[], count: number): Uint8Array[] {
  let left = count;
  let i = 0;
  while (i < pieces.length && left >= (pieces[i]?.byteLength ?? 0)) left -= pieces[i++]?.byteLength ?? 0;
  const rest = pieces.slice(i);
  const first = rest[0];
  if (first !== undefined && left > 0) rest[0] = first.subarray(left);
  return rest;
}

/**
 * Creates `file` (which must not exist) with every byte of `pieces`, synced to the disk before it is closed.
 * Returns its mtime (ns), which the rename keeps: what a build records to know the file again.
 */
export async function writeSynced(file: string, pieces: readonly Uint8Array[]): Promise<bigint> {
  const handle = await open(file, 'wx');
  let mtimeNs: bigint;
  try {
    await writeFully(handle, pieces);
    // fdatasync: the bytes and what is needed to read them back (the size), not the timestamps.
    await handle.datasync();
    mtimeNs = (await handle.stat({ bigint: true })).mtimeNs;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  await handle.close();
  return mtimeNs;
}

/** Codes with which a platform or file system says it cannot sync a folder (Windows, some network and FUSE file systems). */
const NO_FOLDER_SYNC = new Set(['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP']);

/** Makes a rename in `dir` last: fsync of the folder, where the platform supports it. A full disk or an I/O error still fails. */
export async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (NO_FOLDER_SYNC.has(codeOf(error))) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!NO_FOLDER_SYNC.has(codeOf(error))) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }
  await handle.close();
}

export function toPieces(content: FileContent): Uint8Array[] {
  if (typeof content === 'string') return [Buffer.from(content, 'utf8')];
  if (content instanceof Uint8Array) return [content];
  return [...content];
}

export type OnDisk = 'same' | 'different' | 'missing';

/** Whether `file` holds exactly `pieces` (read back and compared). */
export async function compareWithDisk(file: string, pieces: readonly Uint8Array[]): Promise<OnDisk> {
  const size = pieces.reduce((sum, p) => sum + p.byteLength, 0);
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size !== size) return 'different';
    const old = await readFile(file);
    let offset = 0;
    for (const piece of pieces) {
      if (Buffer.compare(old.subarray(offset, offset + piece.byteLength), piece) !== 0) return 'different';
      offset += piece.byteLength;
    }
    return offset === old.length ? 'same' : 'different';
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? '';
}
