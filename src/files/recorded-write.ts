import { createHash, randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import path from 'node:path';
import type { FileContent, WriteOutcome } from './atomic-write.js';
import { codeOf, compareWithDisk, syncFolder, toPieces, writeSynced } from './atomic-write.js';
import { makeDirectory } from './make-dir.js';
import type { Staging } from './staged-writes.js';
import { WriteError } from './write-error.js';

/** What a build recorded of a file it wrote (or found as it would write it): enough to know it again without reading it. */
export interface FileRecord {
  readonly size: number;
  /** The file's mtime in nanoseconds, as the file system keeps it. */
  readonly mtimeNs: bigint;
  /** sha256 of its bytes, hex. */
  readonly hash: string;
}

export interface RecordedWrite {
  /** 'written' with `staged`: the bytes are in a temporary file, in place after the staging's commit. */
  readonly outcome: WriteOutcome;
  readonly staged?: boolean;
  /** The file as it is on disk now. */
  readonly record: FileRecord;
  /** `verify` only: the record said the file was right (same size, mtime and hash) but its bytes were not (it was put right). */
  readonly mismatch: boolean;
}

export interface RecordedWriteOptions {
  /** The record of this file from the last build, if any. */
  readonly known?: FileRecord;
  /** Read the file back even when its size and mtime match the record (`tidings build --verify`). */
  readonly verify?: boolean;
  /**
   * Folders whose fsync is owed: the folder of a file renamed into place is
   * added here instead of being synced at once, and the caller syncs each
   * folder once (syncFolders) before it counts the writes as done.
   */
  readonly owed: Set<string>;
  /** Write in bulk (staged-writes.ts): the new bytes go to a temporary file that the staging's commit syncs and renames. */
  readonly staging?: Staging;
}

/**
 * writeFileAtomic for a build that keeps a record of what it wrote: every
 * file is still whole, the old one or the new one (its bytes go to a
 * temporary file beside it, every one counted, fdatasync'ed before the
 * rename), but
 * - a file whose size and mtime are what the record says holds the
 *   recorded bytes: it is not read back, the hash of the new bytes is
 *   compared with the record's (a missing or hand-edited file differs in
 *   size or mtime and is read back as before);
 * - the folder's fsync (which only makes the rename last; the file is whole
 *   either way) is owed to the caller, who syncs each folder once.
 */
export async function writeFileRecorded(file: string, content: FileContent, options: RecordedWriteOptions): Promise<RecordedWrite> {
  const pieces = toPieces(content);
  const size = pieces.reduce((sum, p) => sum + p.byteLength, 0);
  const hasher = createHash('sha256');
  for (const piece of pieces) hasher.update(piece);
  const hash = hasher.digest('hex');
  const { known, verify = false } = options;
  let info: BigIntStats | undefined;
  let existed: boolean;
  let vouched = false;
  try {
    info = await statOf(file);
    existed = info !== undefined;
    vouched = info !== undefined && known !== undefined && info.isFile() && info.size === BigInt(known.size) && info.mtimeNs === known.mtimeNs;
    if (vouched && !verify) {
      if (known?.hash === hash) return { outcome: 'unchanged', record: { size, mtimeNs: info?.mtimeNs ?? 0n, hash }, mismatch: false };
    } else if (info !== undefined && (await compareWithDisk(file, pieces)) === 'same') {
      return { outcome: 'unchanged', record: { size, mtimeNs: info.mtimeNs, hash }, mismatch: false };
    }
  } catch (error) {
    throw new WriteError({ file, cause: error, state: 'unchanged', existed: true });
  }
  const dir = path.dirname(file);
  // Outside the try: a folder that cannot be made is its own diagnostic (exit 2), not a failed write.
  // A file that stood there has its folder already.
  if (!existed) await makeDirectory(dir);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mtimeNs: bigint;
  try {
    if (options.staging) {
      mtimeNs = await options.staging.stage(temp, file, pieces);
      return { outcome: 'written', staged: true, record: { size, mtimeNs, hash }, mismatch: verify && vouched && known?.hash === hash };
    }
    mtimeNs = await writeSynced(temp, pieces);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new WriteError({ file, cause: error, state: 'unchanged', existed });
  }
  options.owed.add(dir);
  return { outcome: 'written', record: { size, mtimeNs, hash }, mismatch: verify && vouched && known?.hash === hash };
}

/**
 * Syncs each owed folder once, `concurrency` at a time, so that the renames
 * into them last; the set is emptied. A folder that cannot be synced is a
 * WriteError ('replaced': the new files are in place) naming the folder.
 */
export async function syncFolders(owed: Set<string>, concurrency = 8): Promise<void> {
  const folders = [...owed].sort();
  owed.clear();
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < folders.length && failure === undefined) {
      const dir = folders[next++] ?? '';
      try {
        await syncFolder(dir);
      } catch (error) {
        failure ??= { error: new WriteError({ file: dir, cause: error, state: 'replaced', existed: true }) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, folders.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

async function statOf(file: string): Promise<BigIntStats | undefined> {
  try {
    return await stat(file, { bigint: true });
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
