import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import type { Post } from '../model/post.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import type { ImportCounts, ImportRun, SourceFileRecord, Store } from '../store/store.js';
import { mergeGroups, mergeWithinBatch } from './batch-merge.js';
import { collectInputs } from './collect.js';
import { IgnoredKeys } from './ignored-keys.js';
import { currentStamp, decodeInput, readInput } from './read-input.js';
import type { DraftSlot, LifecyclePlan } from './lifecycle.js';
import { deletedFiles, planLifecycle, withoutDeleted } from './lifecycle.js';
import type { Decision, ReconcileDeps } from './reconcile.js';
import { matchStored, reconcile } from './reconcile.js';
import { ownFileIds } from './own-file.js';

export interface ImportDeps extends ReconcileDeps {
  store: Store;
  config: Config;
  cwd: string;
  now: () => Date;
  /**
   * Picks the adapter for a file and reads it (a file no adapter reads gives
   * a diagnostic). Called only for a file whose bytes changed; it may
   * return a promise, so that the adapters are loaded when the first such
   * file comes (app/import-deps.ts): an import with nothing new loads none.
   */
  parse: (file: SourceFile) => SourceResult | Promise<SourceResult>;
  /** The same: called only for the posts `parse` read. */
  normalise: (raw: RawPost) => Normalised | Promise<Normalised>;
  onProgress?: (done: number, total: number) => void;
}

export type Normalised = { post: Post } | { diagnostic: Diagnostic } | { skipped: Diagnostic };

export interface ImportReport {
  counts: ImportCounts;
  diagnostics: Diagnostic[];
  decisions: Decision[];
  run: ImportRun;
  /** Number of files read in full; files skipped because their stamp or their hash was unchanged. */
  filesRead: number;
  filesSkipped: number;
  /** Of `filesSkipped`, those skipped on their stamp alone, never opened (file-stamp.ts). */
  filesUnopened: number;
  /** Posts this import took down, with why. */
  withdrawn: LifecyclePlan['withdraw'];
  /** Stored files found deleted from a folder that was imported. */
  deletedFiles: string[];
}

/**
 * `tidings import`: read files and URLs, normalise, merge duplicates, match
 * against the store, and write the result in one transaction. Bad input is
 * reported per file and line and skipped; everything else lands.
 */
export async function runImport(args: readonly string[], deps: ImportDeps): Promise<ImportReport> {
  const startedAt = deps.now().toISOString();
  const { inputs, diagnostics, folders } = await collectInputs(args, deps.cwd);
  // Named files alone (the preview's import of a saved one): only their records are read. A folder needs them all, to find its deleted files.
  const named = folders.length === 0 ? inputs.map((input) => (input.kind === 'file' ? input.path : input.url)) : undefined;
  const known = await deps.store.sourceFiles(named);
  // What an unchanged file's posts count for; the post index itself is read only when a file brought something to match.
  const postsPerFile = await deps.store.postsPerSourceFile(named);
  const maxBytes = deps.config.content.maxFileMegabytes * 1024 * 1024;

  const fresh: Post[] = [];
  const sourceFiles = new Map<string, SourceFileRecord>();
  let unchangedFromSkipped = 0;
  let filesRead = 0;
  let filesSkipped = 0;
  let filesUnopened = 0;
  let skipped = 0;
  const drafts: DraftSlot[] = [];
  const ignoredKeys = new IgnoredKeys();

  for (const [i, input] of inputs.entries()) {
    deps.onProgress?.(i, inputs.length);
    // A file whose stamp is as recorded is unchanged: skipped without opening it (file-stamp.ts).
    const stamp = input.kind === 'file' ? known.get(input.path)?.stamp : undefined;
    if (input.kind === 'file' && stamp !== undefined && currentStamp(input, { cwd: deps.cwd, maxBytes }) === stamp) {
      filesSkipped++;
      filesUnopened++;
      unchangedFromSkipped += postsPerFile.get(input.path) ?? 0;
      continue;
    }
    const read = await readInput(input, { cwd: deps.cwd, maxBytes, now: deps.now });
    if (!('bytes' in read)) {
      diagnostics.push(read);
      continue;
    }
    const stored = known.get(read.path);
    if (stored?.hash === read.hash) {
      filesSkipped++;
      unchangedFromSkipped += postsPerFile.get(read.path) ?? 0;
      // The same bytes with a new stamp (touched, or stamped for the first time): recorded, so the next import need not open it.
      if (stored.stamp !== read.stamp) sourceFiles.set(read.path, record(read));
      continue;
    }
    filesRead++;
    const decoded = decodeInput(read);
    diagnostics.push(...decoded.diagnostics);
    if (!decoded.input) continue;
    const result = await deps.parse({ path: decoded.input.path, text: decoded.input.text });
    const before = diagnostics.length;
    diagnostics.push(...result.diagnostics);
    skipped += result.skipped ?? 0;
    for (const u of result.unpublished ?? []) drafts.push({ file: decoded.input.path, line: u.line, slot: u.slot });
    for (const raw of result.posts) {
      ignoredKeys.add(raw.ignoredKeys);
      const n = await deps.normalise(raw);
      if ('post' in n) fresh.push(n.post);
      else if ('skipped' in n) {
        skipped++;
        drafts.push({ file: raw.source.file, line: raw.source.line, slot: raw.source.slot });
        diagnostics.push(n.skipped);
      } else diagnostics.push(n.diagnostic);
    }
    const clean = diagnostics.slice(before).every((d) => d.severity !== 'error');
    if (clean) sourceFiles.set(read.path, record(read));
  }
  deps.onProgress?.(inputs.length, inputs.length);
  diagnostics.push(...ignoredKeys.note(args.join(' ')));

  // A Markdown file is a post of its own: one whose date and opening words another file's post has gets its own id.
  const gone = deletedFiles(folders, known.keys());
  // Nothing read, deleted or turned draft: nothing to match or take down (planLifecycle of nothing is nothing).
  const index = fresh.length > 0 || gone.length > 0 || drafts.length > 0 ? await deps.store.postIndex() : [];
  const goneSet = new Set(gone);
  const seen = new Set(inputs.flatMap((input) => (input.kind === 'file' ? [input.path] : [])));
  const stillThere = (file: string): boolean => !goneSet.has(file) && (seen.has(file) || existsSync(path.resolve(deps.cwd, file)));
  const batch = mergeWithinBatch(fresh, deps.merge, (posts) => ownFileIds(posts, index, stillThere));
  // Two incoming posts that match the same stored post (both its sources edited) become one first.
  const firstMatches = matchStored(batch.posts, index);
  const matchOf = new Map(batch.posts.map((p, i) => [p, firstMatches[i]]));
  const byStored = mergeGroups(batch.posts, (p) => matchOf.get(p), deps.merge);
  const candidates = byStored.posts;
  const matches = matchStored(candidates, index);
  const matchedIds = [...new Set(matches.filter((m): m is string => m !== undefined))];
  const stored = new Map((await deps.store.getPosts(matchedIds)).map((p) => [p.id, p]));
  const result = reconcile(candidates, matches, stored, index, startedAt, deps);

  // Posts that come and go: files deleted from a folder read in full, sources that became drafts, posts back.
  // Known files only: a file is found deleted once (then forgotten), so a post restored by command stays up.
  const lifecycle = planLifecycle(index, gone, drafts, new Set(matchedIds), startedAt);
  const upsert = result.upsert.map((post) => withoutDeleted(post, goneSet));
  const upserted = new Set(upsert.map((p) => p.id));
  const trimmed = await deps.store.getPosts(lifecycle.trim.filter((id) => !upserted.has(id)));
  upsert.push(...trimmed.map((post) => withoutDeleted(post, goneSet)));

  const counts: ImportCounts = {
    ...result.counts,
    merged: result.counts.merged + batch.merged + byStored.merged,
    unchanged: result.counts.unchanged + unchangedFromSkipped,
    rejected: diagnostics.reduce((n, d) => n + (d.severity === 'error' ? (d.count ?? 1) : 0), 0),
    skipped,
    withdrawn: lifecycle.withdraw.length,
    restored: lifecycle.restore.length,
  };
  const run = await deps.store.applyImport({
    startedAt,
    upsert,
    sourceFiles,
    forgetFiles: lifecycle.deletedFiles,
    withdraw: lifecycle.withdraw,
    restore: lifecycle.restore,
    counts,
    diagnostics: diagnostics.map(formatDiagnostic),
  });
  // Each new or re-dated post's week, day and month, worked out once here, not at every build.
  // With no post written there is none to work out (keys a changed site.timeZone made stale, the next build refreshes).
  if (upsert.length > 0) {
    // Loaded here: luxon is for new posts only, and an import that finds nothing new does without it.
    const { periodKeysAt } = await import('../digest/periods.js');
    await deps.store.refreshPeriodKeys(deps.config.site.timeZone, periodKeysAt);
  }
  return { counts, diagnostics, decisions: result.decisions, run, filesRead, filesSkipped, filesUnopened, withdrawn: lifecycle.withdraw, deletedFiles: gone };
}

function record(read: { hash: string; stamp?: string }): SourceFileRecord {
  return read.stamp === undefined ? { hash: read.hash } : { hash: read.hash, stamp: read.stamp };
}
