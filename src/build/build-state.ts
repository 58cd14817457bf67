import { statSync } from 'node:fs';
import path from 'node:path';
import type { LinkFiles } from './post-links.js';
import type { Manifest, ManifestEntry } from './manifest.js';

/**
 * What the last complete build read, kept with its list of files
 * (manifest.ts), so that the next build can tell, before reading a single
 * post, that it would make the same site:
 * - `key`: the build's environment (code, config, templates: output-keys.ts),
 *   the store's content version (Store.contentVersion), --future and the
 *   folder relative links resolve from (none when the store moved during the
 *   build; `environment` alone still says which templates passed the check);
 * - `from` and `until`: the build's time, and the first instant after it at
 *   which something would change by time alone (a scheduled post comes out,
 *   a post expires or its future `updated` comes, a roundup's period ends);
 * - `probes`: every file the link resolver looked at (images and files posts
 *   link to), with its size and mtime, or as absent;
 * - what the build reported and logged, to report and log again.
 * When all of these hold and every file is as the record says, nothing is
 * planned or rendered: the build reports what the last one did.
 */
export interface BuildState {
  /** null: the store moved while the build ran, so nothing may be taken from this state but `environment`. */
  readonly key: string | null;
  /**
   * The environment's key (output-keys.ts environmentKey): the templates and
   * config this build checked on a made-up roundup (probeTemplates), which a
   * build in the same environment need not check again.
   */
  readonly environment: string;
  readonly from: number;
  /** null: nothing changes by time alone. */
  readonly until: number | null;
  readonly probes: readonly (readonly [file: string, stamp: string])[];
  readonly counts: { readonly posts: number; readonly issues: number; readonly scheduled: number; readonly withdrawn: number };
  readonly problems: readonly string[];
  /** The build's log up to its summary line, in order. */
  readonly log: readonly (readonly ['info' | 'warn', string])[];
}

/** Whether the state says a build at `now` under `key` would make the same site, and out/ still holds it as recorded. */
export function stillCurrent(state: BuildState, key: string, now: Date, outDir: string, files: Manifest): boolean {
  if (state.key === null || state.key !== key) return false;
  const ms = now.getTime();
  if (ms < state.from || (state.until !== null && ms >= state.until)) return false;
  if (!state.probes.every(([file, stamp]) => stampOf(file) === stamp)) return false;
  // Joined by hand: path.join's normalising of 12,800 paths was a fifth of this check (a path that is not plain is resolved by the system as it stands, or fails the stat and the build plans).
  const prefix = outDir.endsWith(path.sep) ? outDir : `${outDir}${path.sep}`;
  for (const [rel, entry] of files) if (!asRecorded(`${prefix}${rel}`, entry)) return false;
  return true;
}

/** The size and mtime of a file, or '-' when there is none: what a probe compares. */
export function stampOf(file: string): string {
  try {
    const info = statSync(file, { bigint: true, throwIfNoEntry: false });
    return info === undefined ? '-' : `${info.isFile() ? 'f' : 'o'}:${info.size}:${info.mtimeNs}`;
  } catch {
    return '-';
  }
}

/** The link resolver's files, each path it looks at stamped once (stampOf) for the build's state. */
export function probing(files: LinkFiles): { files: LinkFiles; probes: () => [string, string][] } {
  const seen = new Map<string, string>();
  const note = (file: string): void => {
    if (!seen.has(file)) seen.set(file, stampOf(file));
  };
  return {
    files: {
      isFile: (file) => (note(file), files.isFile(file)),
      text: (file) => (note(file), files.text(file)),
    },
    probes: () => [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

/**
 * Whether the file is as the record says the last build left it: a file of
 * that size and mtime. A synchronous stat: a build that changed nothing
 * makes one per file, and the promise's round trip through the thread pool
 * costs more than the call (12,705 files: 50 ms against 130 ms).
 */
export function asRecorded(file: string, known: ManifestEntry | undefined): boolean {
  if (known === undefined) return false;
  try {
    const info = statSync(file, { bigint: true, throwIfNoEntry: false });
    return info !== undefined && info.isFile() && info.size === BigInt(known.size) && info.mtimeNs === known.mtimeNs;
  } catch {
    return false;
  }
}

/** The first instant after `now` among these (ISO instants; unreadable ones ignored), or null. */
export function firstAfter(now: Date, instants: Iterable<string | undefined>): number | null {
  const ms = now.getTime();
  let first: number | null = null;
  for (const iso of instants) {
    if (iso === undefined) continue;
    const at = Date.parse(iso);
    if (Number.isFinite(at) && at > ms && (first === null || at < first)) first = at;
  }
  return first;
}
