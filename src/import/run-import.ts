import type { Config } from '../config/schema.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import type { Post } from '../model/post.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import type { ImportCounts, ImportRun, Store } from '../store/store.js';
import { mergeGroups, mergeWithinBatch } from './batch-merge.js';
import { collectInputs } from './collect.js';
import { IgnoredKeys } from './ignored-keys.js';
import { decodeInput, readInput } from './read-input.js';
import type { Decision, ReconcileDeps } from './reconcile.js';
import { matchStored, reconcile } from './reconcile.js';

export interface ImportDeps extends ReconcileDeps {
  store: Store;
  config: Config;
  cwd: string;
  now: () => Date;
  /** Picks the adapter for a file and reads it (a file no adapter reads gives a diagnostic). */
  parse: (file: SourceFile) => SourceResult;
  normalise: (raw: RawPost) => { post: Post } | { diagnostic: Diagnostic } | { skipped: Diagnostic };
  onProgress?: (done: number, total: number) => void;
}

export interface ImportReport {
  counts: ImportCounts;
  diagnostics: Diagnostic[];
  decisions: Decision[];
  run: ImportRun;
  /** Number of files read in full; files skipped because their hash was unchanged. */
  filesRead: number;
  filesSkipped: number;
}

/**
 * `tidings import`: read files and URLs, normalise, merge duplicates, match
 * against the store, and write the result in one transaction. Bad input is
 * reported per file and line and skipped; everything else lands.
 */
export async function runImport(args: readonly string[], deps: ImportDeps): Promise<ImportReport> {
  const startedAt = deps.now().toISOString();
  const { inputs, diagnostics } = await collectInputs(args, deps.cwd);
  const knownHashes = await deps.store.sourceFileHashes();
  const index = await deps.store.postIndex();
  const postsPerFile = countPostsPerFile(index);
  const maxBytes = deps.config.content.maxFileMegabytes * 1024 * 1024;

  const fresh: Post[] = [];
  const sourceFiles = new Map<string, string>();
  let unchangedFromSkipped = 0;
  let filesRead = 0;
  let filesSkipped = 0;
  let skipped = 0;
  const ignoredKeys = new IgnoredKeys();

  for (const [i, input] of inputs.entries()) {
    deps.onProgress?.(i, inputs.length);
    const read = await readInput(input, { cwd: deps.cwd, maxBytes });
    if (!('bytes' in read)) {
      diagnostics.push(read);
      continue;
    }
    if (knownHashes.get(read.path) === read.hash) {
      filesSkipped++;
      unchangedFromSkipped += postsPerFile.get(read.path) ?? 0;
      continue;
    }
    filesRead++;
    const decoded = decodeInput(read);
    diagnostics.push(...decoded.diagnostics);
    if (!decoded.input) continue;
    const result = deps.parse({ path: decoded.input.path, text: decoded.input.text });
    const before = diagnostics.length;
    diagnostics.push(...result.diagnostics);
    skipped += result.skipped ?? 0;
    for (const raw of result.posts) {
      ignoredKeys.add(raw.ignoredKeys);
      const n = deps.normalise(raw);
      if ('post' in n) fresh.push(n.post);
      else if ('skipped' in n) {
        skipped++;
        diagnostics.push(n.skipped);
      } else diagnostics.push(n.diagnostic);
    }
    const clean = diagnostics.slice(before).every((d) => d.severity !== 'error');
    if (clean) sourceFiles.set(read.path, read.hash);
  }
  deps.onProgress?.(inputs.length, inputs.length);
  diagnostics.push(...ignoredKeys.note(args.join(' ')));

  const batch = mergeWithinBatch(fresh, deps.merge);
  // Two incoming posts that match the same stored post (both its sources edited) become one first.
  const firstMatches = matchStored(batch.posts, index);
  const matchOf = new Map(batch.posts.map((p, i) => [p, firstMatches[i]]));
  const byStored = mergeGroups(batch.posts, (p) => matchOf.get(p), deps.merge);
  const candidates = byStored.posts;
  const matches = matchStored(candidates, index);
  const matchedIds = [...new Set(matches.filter((m): m is string => m !== undefined))];
  const stored = new Map((await deps.store.getPosts(matchedIds)).map((p) => [p.id, p]));
  const result = reconcile(candidates, matches, stored, index, startedAt, deps);

  const counts: ImportCounts = {
    ...result.counts,
    merged: result.counts.merged + batch.merged + byStored.merged,
    unchanged: result.counts.unchanged + unchangedFromSkipped,
    rejected: diagnostics.reduce((n, d) => n + (d.severity === 'error' ? (d.count ?? 1) : 0), 0),
    skipped,
  };
  const run = await deps.store.applyImport({
    startedAt,
    upsert: result.upsert,
    sourceFiles,
    counts,
    diagnostics: diagnostics.map(formatDiagnostic),
  });
  return { counts, diagnostics, decisions: result.decisions, run, filesRead, filesSkipped };
}

function countPostsPerFile(index: Awaited<ReturnType<Store['postIndex']>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of index) {
    for (const file of new Set(entry.sources.map((s) => s.file))) counts.set(file, (counts.get(file) ?? 0) + 1);
  }
  return counts;
}
