/**
 * File-system failures in words a user can act on: the code Node gives
 * (ENOSPC, EACCES, ...), what it means and what to do; never a stack trace.
 * The one table for the atomic writer, making folders and the CLI's last
 * resort.
 *
 * Kinds:
 * - disk-full: no space left (ENOSPC) or the disk quota is used up (EDQUOT);
 * - permission: the file or its folder may not be written (EACCES, EPERM);
 * - read-only: the file system is mounted read-only (EROFS);
 * - path: a folder on the way is missing, is a file, or a name is too long;
 * - open-files: the process or the system has too many files open;
 * - io: the disk reported an error (EIO), or anything else.
 */
export type FsErrorKind = 'disk-full' | 'permission' | 'read-only' | 'path' | 'open-files' | 'io';

export interface FsErrorInfo {
  readonly kind: FsErrorKind;
  readonly words: string;
  readonly hint: string;
}

const CODES: Readonly<Record<string, FsErrorInfo>> = {
  ENOSPC: { kind: 'disk-full', words: 'the disk is full', hint: 'free some space and run the command again' },
  EDQUOT: { kind: 'disk-full', words: 'the disk quota is used up', hint: 'free some space or raise the quota, and run the command again' },
  EACCES: { kind: 'permission', words: 'permission denied', hint: 'check who owns the folder and its permissions' },
  EPERM: { kind: 'permission', words: 'operation not permitted', hint: 'check who owns the folder and its permissions' },
  EROFS: { kind: 'read-only', words: 'the file system is read-only', hint: 'write to another folder, or remount it read-write' },
  ENOENT: { kind: 'path', words: 'a folder on the way does not exist', hint: 'check the path' },
  ENOTDIR: { kind: 'path', words: 'a part of the path is a file, not a folder', hint: 'check the path' },
  EISDIR: { kind: 'path', words: 'a folder stands where the file should be', hint: 'remove or rename that folder' },
  ENAMETOOLONG: { kind: 'path', words: 'the name is too long', hint: 'use a shorter path' },
  EMFILE: { kind: 'open-files', words: 'too many files open in this process', hint: 'raise the limit (ulimit -n) and run the command again' },
  ENFILE: { kind: 'open-files', words: 'too many files open on this system', hint: 'run the command again later' },
  EIO: { kind: 'io', words: 'the disk reported an input/output error', hint: 'check the disk (dmesg) before running the command again' },
};

/** For a code this table does not know. */
export const OTHER_FS_ERROR: Omit<FsErrorInfo, 'words'> = { kind: 'io', hint: 'check the disk and run the command again' };

/** The system error code of a failure (ENOSPC, EACCES, ...), when it has one. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** What the table says of this failure's code, when it knows it. */
export function fsErrorInfo(error: unknown): FsErrorInfo | undefined {
  const code = fsErrorCode(error);
  return code === undefined ? undefined : CODES[code];
}

/** "ENOSPC: the disk is full", or the error's own message when its code is not one the table knows. */
export function describeFsError(error: unknown): string {
  const code = fsErrorCode(error);
  const info = fsErrorInfo(error);
  if (code !== undefined && info !== undefined) return `${code}: ${info.words}`;
  return error instanceof Error ? error.message : String(error);
}
