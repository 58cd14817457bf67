import { execFile } from 'node:child_process';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFully } from './atomic-write.js';

const run = promisify(execFile);

/**
 * Flushes everything written to the file system that holds `dir` to the
 * disk, in one call: syncfs(2), through coreutils' `sync -f` (Node has no
 * binding for it). false when it cannot (no `sync -f` here: not Linux, or an
 * old coreutils), and the caller syncs file by file instead.
 */
export type FileSystemFlush = (dir: string) => Promise<boolean>;

let syncfsWorks: boolean | undefined;

export const syncFileSystem: FileSystemFlush = async (dir) => {
  if (syncfsWorks === false) return false;
  try {
    await run('sync', ['-f', dir]);
    syncfsWorks = true;
    return true;
  } catch (error) {
    // A write-back error on a system where it worked before is a failure to report, not a missing tool.
    if (syncfsWorks === true) throw error;
    syncfsWorks = false;
    return false;
  }
};

/** A commit that failed: which file it was at, and the files it had renamed into place before. */
export class CommitError extends Error {
  constructor(
    readonly file: string,
    readonly renamed: readonly string[],
    /** Whether the failure came after every rename (the last flush): the files are in place. */
    readonly afterRenames: boolean,
    options: { cause: unknown },
  ) {
    super(options.cause instanceof Error ? options.cause.message : String(options.cause), options);
  }
}

interface Staged {
  readonly temp: string;
  readonly file: string;
  /** The file system the temporary file is on (st_dev): each one is flushed once. */
  readonly device: bigint;
}

/**
 * Writes in bulk, each file still whole or not at all: every file's bytes go
 * to a temporary file beside it, not synced one by one; `commit` then makes
 * all of them durable with one flush per file system, renames each into
 * place, and flushes again so that the renames last. So a build of 12,000
 * files makes a few flushes instead of 12,000 fdatasync and as many folder
 * fsync calls, and a crash leaves each file old or new, never torn (the
 * rename comes after its bytes are on the disk). Where the file system
 * cannot be flushed at once, each temporary file is fdatasync'ed before its
 * rename and `owed` gets its folder, as before (recorded-write.ts).
 */
export interface Staging {
  /** Writes the bytes to `temp` (which must not exist); returns its mtime (ns), which the rename keeps. */
  stage(temp: string, file: string, pieces: readonly Uint8Array[]): Promise<bigint>;
  /** Files staged and not yet committed. */
  readonly size: number;
  /**
   * Makes the files staged so far durable and renames them into place;
   * returns their paths. Files staged meanwhile wait for the next commit.
   * A failure removes every temporary file of this commit not yet renamed.
   */
  commit(owed: Set<string>): Promise<string[]>;
  /** Removes the temporary files not committed (a build that failed half-way). */
  abort(): Promise<void>;
}

export function staging(flush: FileSystemFlush = syncFileSystem): Staging {
  let staged: Staged[] = [];
  return {
    get size() {
      return staged.length;
    },
    async stage(temp, file, pieces) {
      const handle = await open(temp, 'wx');
      try {
        await writeFully(handle, pieces);
        const info = await handle.stat({ bigint: true });
        staged.push({ temp, file, device: info.dev });
        return info.mtimeNs;
      } finally {
        await handle.close();
      }
    },
    async commit(owed) {
      const batch = staged;
      staged = [];
      if (batch.length === 0) return [];
      const renamed: string[] = [];
      const devices = new Map<bigint, string>();
      for (const s of batch) if (!devices.has(s.device)) devices.set(s.device, path.dirname(s.temp));
      let at = batch[0]?.file ?? '';
      try {
        let flushed = true;
        for (const dir of devices.values()) flushed = (await flush(dir)) && flushed;
        for (const s of batch) {
          at = s.file;
          if (!flushed) await datasync(s.temp);
          await rename(s.temp, s.file);
          renamed.push(s.file);
        }
      } catch (error) {
        await Promise.all(batch.filter((s) => !renamed.includes(s.file)).map((s) => rm(s.temp, { force: true }).catch(() => undefined)));
        throw new CommitError(at, renamed, false, { cause: error });
      }
      try {
        let again = true;
        for (const dir of devices.values()) again = (await flush(dir)) && again;
        if (!again) for (const s of batch) owed.add(path.dirname(s.file));
      } catch (error) {
        throw new CommitError(at, renamed, true, { cause: error });
      }
      return renamed;
    },
    async abort() {
      const batch = staged;
      staged = [];
      await Promise.all(batch.map((s) => rm(s.temp, { force: true }).catch(() => undefined)));
    },
  };
}

async function datasync(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
