/**
 * A source file's stamp: what an import sees of a file without opening it,
 * its size and its last change times (mtime, and ctime, which no tool can
 * set back: an edit whose mtime is put back with utimes still moves it), to
 * the nanosecond where the file system keeps them. A file whose stamp is as
 * the store recorded is skipped unread, as rsync and make skip on size and
 * mtime; any other is read and hashed as before (store.ts SourceFileRecord).
 */

/** What `stat` says of a file, as far as its stamp goes (fs.BigIntStats has these). */
export interface FileTimes {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

/**
 * How long before it was read a file must have last changed for its stamp
 * to be recorded: git's "racily clean" rule. A file system's clock ticks
 * coarsely (a jiffy of 1-10 ms on Linux, 1 s on HFS+, 2 s on FAT) and may
 * run a little behind ours, so a file edited again within the tick it was
 * read in keeps its size and mtime, and a stamp taken then could not tell
 * the edit from the bytes read. Such a file gets no stamp: the next import
 * reads and hashes it again, and stamps it then.
 */
export const RACY_WINDOW_MS = 3_000;

/** The file's stamp: size, mtime and ctime (ns), as the store keeps it. */
export function stampOf(times: FileTimes): string {
  return `${times.size}:${times.mtimeNs}:${times.ctimeNs}`;
}

/** The stamp to record for a file whose bytes were read at `readAtMs` (ms since the epoch), or none if it changed too recently to trust one. */
export function stampToRecord(times: FileTimes, readAtMs: number): string | undefined {
  const changedNs = times.mtimeNs > times.ctimeNs ? times.mtimeNs : times.ctimeNs;
  const trustedBeforeNs = BigInt(Math.floor(readAtMs - RACY_WINDOW_MS)) * 1_000_000n;
  return changedNs < trustedBeforeNs ? stampOf(times) : undefined;
}
