import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../files/make-dir.js';

export type WriteOutcome = 'written' | 'unchanged';

/** A file's content: text (written as UTF-8), bytes, or byte pieces written one after the other. */
export type FileContent = string | Uint8Array | readonly Uint8Array[];

/**
 * Writes `content` to `file` so that no reader ever sees half a file: into a
 * temporary file in the same folder, then renamed over the old one. A file
 * that already holds exactly these bytes is left alone (its mtime too),
 * which is how a build knows what changed.
 */
export async function writeFileAtomic(file: string, content: FileContent): Promise<WriteOutcome> {
  const pieces = toPieces(content);
  if (await holdsExactly(file, pieces)) return 'unchanged';
  const dir = path.dirname(file);
  await makeDirectory(dir);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writev(pieces);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return 'written';
}

function toPieces(content: FileContent): Uint8Array[] {
  if (typeof content === 'string') return [Buffer.from(content, 'utf8')];
  if (content instanceof Uint8Array) return [content];
  return [...content];
}

async function holdsExactly(file: string, pieces: readonly Uint8Array[]): Promise<boolean> {
  const size = pieces.reduce((sum, p) => sum + p.byteLength, 0);
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size !== size) return false;
    const old = await readFile(file);
    let offset = 0;
    for (const piece of pieces) {
      if (Buffer.compare(old.subarray(offset, offset + piece.byteLength), piece) !== 0) return false;
      offset += piece.byteLength;
    }
    return offset === old.length;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
