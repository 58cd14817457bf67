import { readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';

/**
 * The list of files the last complete build wrote or left as they were
 * (paths below the output folder, one a line), kept in the output folder.
 * A file on the old list that the new build no longer makes (a post whose
 * address moved, a roundup that lost its last post) is one tidings wrote and
 * nobody else needs: it is removed. Files tidings never listed (the outbox,
 * anything a user put in out/) are never touched.
 */
export const MANIFEST = '.tidings-files';

/** The paths of the last complete build; none when there is no list yet (a first build, or one before lists were kept). */
export async function readManifest(outDir: string): Promise<Set<string>> {
  try {
    const text = await readFile(path.join(outDir, MANIFEST), 'utf8');
    return new Set(text.split('\n').filter((line) => line !== '' && !line.startsWith('#')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
}

export async function writeManifest(outDir: string, paths: readonly string[]): Promise<void> {
  await writeFileAtomic(path.join(outDir, MANIFEST), `# files written by tidings build; a file listed here that a later build no longer makes is removed\n${[...paths].sort().join('\n')}\n`);
}

/**
 * Removes each of `stale` (paths below outDir, from the old list) and then
 * each folder that removing it left empty, up to outDir. A path that would
 * leave outDir, or the list itself, is skipped. Returns the paths removed.
 */
export async function removeStale(outDir: string, stale: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const rel of [...stale].sort()) {
    const target = path.resolve(outDir, rel);
    if (!target.startsWith(outDir + path.sep) || rel === MANIFEST || rel.includes('\0')) continue;
    await rm(target, { force: true });
    removed.push(rel);
    for (let dir = path.dirname(target); dir.startsWith(outDir + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break; // not empty (or gone): the folders above are not empty either
      }
    }
  }
  return removed;
}
