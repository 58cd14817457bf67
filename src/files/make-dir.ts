import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { EXIT_BAD_INPUT, TidingsError } from '../errors.js';
import { describeFsError } from './fs-error.js';

/**
 * Creates a folder and its missing parents, one level at a time, and says
 * in words why when it cannot. Node 20's `mkdir(dir, { recursive: true })`
 * spins forever on some paths (a parent that exists but refuses new entries
 * with ENOENT, such as /proc): here each level is created once, and a
 * refusal is an error that names the folder.
 */
export class DirectoryError extends TidingsError {
  readonly kind = 'directory';
  readonly dir: string;
  constructor(dir: string, reason: string, cause?: unknown) {
    // Bad input (exit 2): the folder named cannot be used; the user picks another or mends the path.
    super(`cannot create the folder ${dir}: ${reason} (choose another folder, or fix the path)`, {
      exitCode: EXIT_BAD_INPUT,
      ...(cause === undefined ? {} : { cause }),
    });
    this.dir = dir;
  }
}

/** The missing folders from the outermost in, or a reason it cannot be made. */
type Plan = { missing: string[] } | { blocked: string };

function plan(dir: string, isDir: (p: string) => boolean | undefined): Plan {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const found = isDir(current);
    if (found === true) return { missing: missing.reverse() };
    if (found === false) return { blocked: `${current} is a file, not a folder` };
    missing.push(current);
    if (path.dirname(current) === current) return { missing: missing.reverse() };
  }
}

function fail(dir: string, level: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? `the file system does not allow a folder at ${level}` : describeFsError(error);
  throw new DirectoryError(dir, reason, error);
}

function isDirOrMissing(error: unknown): undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  throw error;
}

export async function makeDirectory(dir: string): Promise<void> {
  const found = new Map<string, boolean | undefined>();
  // stat is async; plan() wants answers: ask for the chain first.
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      found.set(current, (await stat(current)).isDirectory());
    } catch (error) {
      try {
        found.set(current, isDirOrMissing(error));
      } catch (other) {
        fail(dir, current, other);
      }
    }
    if (found.get(current) !== undefined || path.dirname(current) === current) break;
  }
  const steps = plan(dir, (p) => found.get(p));
  if ('blocked' in steps) throw new DirectoryError(dir, steps.blocked);
  for (const level of steps.missing) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fail(dir, level, error);
    }
  }
}

export function makeDirectorySync(dir: string): void {
  const steps = plan(dir, (p) => {
    try {
      return statSync(p).isDirectory();
    } catch (error) {
      try {
        return isDirOrMissing(error);
      } catch (other) {
        fail(dir, p, other);
      }
    }
  });
  if ('blocked' in steps) throw new DirectoryError(dir, steps.blocked);
  for (const level of steps.missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fail(dir, level, error);
    }
  }
}
