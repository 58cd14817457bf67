import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RecordedWrite } from '../files/recorded-write.js';
import { syncFolders, writeFileRecorded } from '../files/recorded-write.js';
import type { FileSystemFlush } from '../files/staged-writes.js';
import { CommitError, staging } from '../files/staged-writes.js';
import { WriteError } from '../files/write-error.js';
import { asRecorded } from './build-state.js';
import type { IsCurrent } from './issue-outputs.js';
import { EMAIL_FILES } from './issue-outputs.js';
import type { Manifest } from './manifest.js';
import type { PostAsset } from './post-links.js';
import type { SiteFile } from './site-files.js';

export interface Writer {
  readonly outDir: string;
  readonly concurrency: number;
  /** The last build's list, with its record of each file. */
  readonly listed: Manifest;
  readonly verify: boolean;
  readonly record: (file: SiteFile, result: RecordedWrite | 'current') => void;
  /** How the file system is flushed at once (default: syncfs through `sync -f`). */
  readonly flush?: FileSystemFlush;
}

/** Files staged before a commit (staged-writes.ts): bounds what a killed build leaves as temporary files in out/. */
const STAGED_BATCH = 256;

/**
 * Writes files from the (lazy) iterable, `concurrency` at a time, each
 * whole: in bulk (staged-writes.ts: the new bytes to temporary files, then
 * per batch one flush of the file system, the renames, and one more flush),
 * or, where the file system cannot be flushed at once, each fdatasync'ed
 * before its rename and each folder written into synced once. A file counts
 * as written (record) once it is in place. On a failure the files already in
 * place stay, the others' temporary files are removed.
 */
export async function writeAll(files: Iterable<SiteFile> | AsyncIterable<SiteFile>, writer: Writer): Promise<void> {
  const { outDir, concurrency, record, listed, verify } = writer;
  const owed = new Set<string>();
  const stage = staging(writer.flush);
  const pending = new Map<string, { file: SiteFile; result: RecordedWrite }>();
  const commit = async (): Promise<void> => {
    try {
      for (const done of await stage.commit(owed)) settle(done);
    } catch (error) {
      if (!(error instanceof CommitError)) throw error;
      for (const done of error.renamed) settle(done);
      throw new WriteError({ file: error.file, cause: error.cause, state: error.afterRenames ? 'replaced' : 'unchanged', existed: true });
    }
  };
  const settle = (target: string): void => {
    const written = pending.get(target);
    pending.delete(target);
    if (written) record(written.file, written.result);
  };
  const iterator: Iterator<SiteFile> | AsyncIterator<SiteFile> = Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : files[Symbol.iterator]();
  // The first failure stops every worker from taking another file; the ones already writing finish (each file stays whole).
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    try {
      for (let next = await iterator.next(); !next.done && failure === undefined; next = await iterator.next()) {
        const file = next.value;
        if (file.current) {
          record(file, 'current');
          continue;
        }
        const target = insideOutDir(outDir, file.path);
        const known = listed.get(file.path);
        // Made from the same inputs as last time, and left as it was: not rendered, not read.
        if (!verify && file.key !== undefined && known?.key === file.key && asRecorded(target, known)) {
          record(file, 'current');
          continue;
        }
        const content = typeof file.content === 'function' ? file.content() : file.content;
        const result = await writeFileRecorded(target, content, { owed, verify, staging: stage, ...(known && { known }) });
        if (!result.staged) {
          record(file, result);
          continue;
        }
        pending.set(target, { file, result });
        if (stage.size >= STAGED_BATCH) await commit();
      }
    } catch (error) {
      failure ??= { error };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  try {
    if (failure === undefined) await commit();
  } catch (error) {
    failure ??= { error };
  }
  await stage.abort();
  try {
    await syncFolders(owed);
  } catch (error) {
    failure ??= { error };
  }
  if (failure !== undefined) throw failure.error;
}

/** The files the posts' pages use, read from their source folders one at a time. */
export async function* assetFiles(assets: readonly PostAsset[]): AsyncGenerator<SiteFile> {
  for (const asset of assets) yield { path: asset.to, content: await readFile(asset.from), kind: 'asset' };
}

/** The files, without the markers, which go to `markers` to be written afterwards. */
export async function* holdBack(files: AsyncIterable<SiteFile>, markers: SiteFile[]): AsyncGenerator<SiteFile> {
  for await (const file of files) {
    if (file.marker) markers.push(file);
    else yield file;
  }
}

/**
 * A roundup's email files are current when the last build recorded this key
 * for each and each is as it left them; or, for files written before the
 * keys (no key recorded), when they all exist and its email.mjml (written
 * last) holds one of the render keys.
 */
export function issuesCurrent(outDir: string, listed: Manifest): IsCurrent {
  return async (issueDir, key, renderKeys) => {
    const dir = insideOutDir(outDir, issueDir);
    const known = EMAIL_FILES.map((name) => listed.get(`${issueDir}${name}`));
    if (key !== undefined && known.every((entry) => entry?.key !== undefined)) {
      if (!known.every((entry) => entry?.key === key)) return false;
      return EMAIL_FILES.every((name, i) => asRecorded(path.join(dir, name), known[i]));
    }
    try {
      const mjml = await readFile(path.join(dir, 'email.mjml'), 'utf8');
      if (!renderKeys().some((k) => mjml.includes(k))) return false;
      const files = await Promise.all(EMAIL_FILES.map((name) => stat(path.join(dir, name))));
      return files.every((f) => f.isFile());
    } catch {
      return false;
    }
  };
}

export function insideOutDir(outDir: string, relative: string): string {
  const target = path.resolve(outDir, relative);
  if (!target.startsWith(outDir + path.sep)) throw new Error(`refusing to write ${relative}: it is outside ${outDir}`);
  return target;
}

