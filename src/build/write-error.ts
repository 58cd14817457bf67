import { EXIT_FAILURE, TidingsError } from '../errors.js';

/**
 * Why a file could not be written, as a user can act on it:
 * - disk-full: no space left (ENOSPC) or the disk quota is used up (EDQUOT);
 * - permission: the file or its folder may not be written (EACCES, EPERM);
 * - read-only: the file system is mounted read-only (EROFS);
 * - path: a folder on the way is missing, is a file, or a name is too long;
 * - open-files: the process or the system has too many files open;
 * - io: the disk reported an error (EIO), or anything else.
 */
export type WriteErrorKind = 'disk-full' | 'permission' | 'read-only' | 'path' | 'open-files' | 'io';

/** The system error codes of each kind, in words, with what to do. */
const CODES: Readonly<Record<string, { kind: WriteErrorKind; words: string; hint: string }>> = {
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

const OTHER = { kind: 'io' as const, hint: 'check the disk and run the command again' };

export interface WriteErrorOptions {
  /** The file that was being written. */
  file: string;
  /** The system error (or other failure) behind it. */
  cause: unknown;
  /**
   * What is on disk now: 'unchanged' (the old file, or none, is as it was),
   * or 'replaced' (the new file is in place but its folder could not be
   * synced, so it may not survive a power cut).
   */
  state: 'unchanged' | 'replaced';
  /** Whether a file stood there before (to say "the previous file is unchanged" or "no file was created"). */
  existed: boolean;
  /** One more sentence for the message, from the caller (e.g. what else a build had replaced). */
  note?: string;
}

/** A file that could not be written whole. Exit 1; the message names the file, the cause in words and what to do. */
export class WriteError extends TidingsError {
  readonly kind: WriteErrorKind;
  readonly file: string;
  /** The system error code (ENOSPC, EACCES, ...), when there was one. */
  readonly code: string | undefined;
  readonly state: 'unchanged' | 'replaced';
  readonly existed: boolean;

  constructor(options: WriteErrorOptions) {
    const code = systemCode(options.cause);
    const known = code === undefined ? undefined : CODES[code];
    const words = known?.words ?? (options.cause instanceof Error ? options.cause.message : String(options.cause));
    const hint = known?.hint ?? OTHER.hint;
    const now =
      options.state === 'replaced'
        ? 'the new file is in place, but may not survive a power cut'
        : options.existed
          ? 'the previous file is unchanged'
          : 'no file was created';
    const what = options.state === 'replaced' ? `cannot sync the folder of ${options.file}` : `cannot write ${options.file}`;
    const note = options.note === undefined ? '' : ` ${options.note}`;
    super(`${what}: ${code === undefined ? '' : `${code}: `}${words} (${hint}; ${now})${note}`, { exitCode: EXIT_FAILURE, cause: options.cause });
    this.kind = known?.kind ?? OTHER.kind;
    this.file = options.file;
    this.code = code;
    this.state = options.state;
    this.existed = options.existed;
  }

  /** The same failure with one more sentence at the end of its message. */
  withNote(note: string): WriteError {
    return new WriteError({ file: this.file, cause: this.cause, state: this.state, existed: this.existed, note });
  }
}

function systemCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}
