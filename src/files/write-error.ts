import { EXIT_FAILURE, TidingsError } from '../errors.js';
import { fsErrorCode, fsErrorInfo, OTHER_FS_ERROR, type FsErrorKind } from './fs-error.js';

/** Why a file could not be written, as a user can act on it (see fs-error.ts). */
export type WriteErrorKind = FsErrorKind;

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
    const code = fsErrorCode(options.cause);
    const known = fsErrorInfo(options.cause);
    const words = known?.words ?? (options.cause instanceof Error ? options.cause.message : String(options.cause));
    const hint = known?.hint ?? OTHER_FS_ERROR.hint;
    const now =
      options.state === 'replaced'
        ? 'the new file is in place, but may not survive a power cut'
        : options.existed
          ? 'the previous file is unchanged'
          : 'no file was created';
    const what = options.state === 'replaced' ? `cannot sync the folder of ${options.file}` : `cannot write ${options.file}`;
    const note = options.note === undefined ? '' : ` ${options.note}`;
    super(`${what}: ${code === undefined ? '' : `${code}: `}${words} (${hint}; ${now})${note}`, { exitCode: EXIT_FAILURE, cause: options.cause });
    this.kind = known?.kind ?? OTHER_FS_ERROR.kind;
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
