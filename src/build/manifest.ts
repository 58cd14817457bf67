import { readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { FileRecord } from '../files/recorded-write.js';
import type { BuildState } from './build-state.js';

/**
 * The list of files the last complete build wrote or left as they were
 * (paths below the output folder, one a line), kept in the output folder.
 * A file on the old list that the new build no longer makes (a post whose
 * address moved, a roundup that lost its last post) is one tidings wrote and
 * nobody else needs: it is removed. Files tidings never listed (the outbox,
 * anything a user put in out/) are never touched.
 *
 * Each line also records the file's size, mtime (ns) and sha256, tab
 * separated, as the build left it: the next build trusts a file whose size
 * and mtime still match and compares hashes instead of reading it back
 * (recorded-write.ts). Then, for most files, the key of what it was made
 * from (output-keys.ts): a file whose key is unchanged and whose size and
 * mtime still match is not even rendered. A line with the path alone (a
 * list from before records were kept, or a file the build did not look at)
 * has no record: that file is read back.
 */
export const MANIFEST = '.tidings-files';

/** A file's record, and the key of what it was made from when the build keyed it. */
export interface ManifestEntry extends FileRecord {
  readonly key?: string;
}

/** The list: each path with its record, if any. */
export type Manifest = Map<string, ManifestEntry | undefined>;

/** The list as the last complete build left it, with what it read (build-state.ts) when it kept that. */
export interface LastBuild {
  readonly files: Manifest;
  readonly state?: BuildState;
  /** The list's text as read: a build that would write the same leaves the file alone. */
  readonly text?: string;
}

/** The paths of the last complete build with their records, and its state; none when there is no list yet (a first build, or one before lists were kept). */
export async function readManifest(outDir: string): Promise<LastBuild> {
  let text: string;
  try {
    text = await readFile(path.join(outDir, MANIFEST), 'utf8');
  } catch (error) {
    // No list, or no folder yet (ENOTDIR: a file where the folder should be, which making the folder then reports).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { files: new Map() };
    throw error;
  }
  if (parsed?.text !== text) parsed = parseManifest(text);
  return parsed;
}

/** A list's text as readManifest gives it. Pure. */
export function parseManifest(text: string): LastBuild & { readonly text: string } {
  const list: Manifest = new Map();
  let state: BuildState | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(STATE)) state = parseState(line.slice(STATE.length));
    if (line === '' || line.startsWith('#')) continue;
    const fields = RECORD.exec(line);
    if (fields?.[1] !== undefined && fields[2] !== undefined && fields[3] !== undefined && fields[4] !== undefined) {
      const record = { size: Number(fields[2]), mtimeNs: BigInt(fields[3]), hash: fields[4] };
      list.set(fields[1], fields[5] === undefined ? record : { ...record, key: fields[5] });
    } else list.set(line, undefined);
  }
  return state === undefined ? { files: list, text } : { files: list, state, text };
}

/**
 * The list last parsed or written, given again for the same text: a
 * process that builds one site again and again (the preview, at every
 * save) does not parse its 12,000 lines at every build (about 70 ms at
 * 10,000 posts). Nothing changes a list once read or written.
 */
let parsed: (LastBuild & { readonly text: string }) | undefined;

/** The line that holds the build's state: this, then its JSON. */
const STATE = '#state\t';

function parseState(json: string): BuildState | undefined {
  try {
    const state = JSON.parse(json) as BuildState;
    const ok = (typeof state.key === 'string' || state.key === null) && typeof state.environment === 'string' && typeof state.from === 'number' && Array.isArray(state.probes) && Array.isArray(state.log) && Array.isArray(state.problems);
    return ok ? state : undefined;
  } catch {
    return undefined;
  }
}

/** path, size, mtime in ns, sha256 and the key if any: the last four as a build writes them (anything else is a path alone). */
const RECORD = /^(.+?)\t(\d{1,15})\t(\d{1,25})\t([0-9a-f]{64})(?:\t([0-9a-f]{64}))?$/;

/** Writes the list and the state (none: the next build plans everything), unless they are what `before` (read at the start) already holds. */
export async function writeManifest(outDir: string, list: Manifest, state: BuildState | undefined, before?: LastBuild): Promise<void> {
  const text = manifestText(list, state);
  if (before !== undefined && before.files.size > 0 && (before.text ?? manifestText(before.files, before.state)) === text) return;
  await writeFileAtomic(path.join(outDir, MANIFEST), text);
  // What reading this text back gives (a path with a tab in it has no record there; the state as JSON makes it), for the next build in this process.
  const files: Manifest = new Map([...list].map(([rel, record]) => [rel, rel.includes('\t') ? undefined : record]));
  parsed = state === undefined ? { files, text } : { files, state: JSON.parse(JSON.stringify(state)) as BuildState, text };
}

function manifestText(list: Manifest, state: BuildState | undefined): string {
  const lines = [...list.keys()].sort().map((rel) => {
    const record = list.get(rel);
    // A path with a tab in it would read back as another path: it is listed without its record (and read back next time).
    if (record === undefined || rel.includes('\t')) return rel;
    return `${rel}\t${record.size}\t${record.mtimeNs}\t${record.hash}${record.key === undefined ? '' : `\t${record.key}`}`;
  });
  const head = '# files written by tidings build (path, size, mtime ns, sha256, key of its inputs); a file listed here that a later build no longer makes is removed\n';
  return `${head}${state === undefined ? '' : `${STATE}${JSON.stringify(state)}\n`}${lines.join('\n')}\n`;
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
