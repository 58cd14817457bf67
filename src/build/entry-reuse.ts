import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntrySource } from '../feeds/bytes.js';
import { writeFileAtomic } from '../files/atomic-write.js';

/**
 * A subscription feed re-rendered for one new post holds a hundred entries
 * that have not changed (the roundups' feed: a hundred roundups, each the
 * excerpts of its posts). Each entry is a pure function of its key (the
 * post's or roundup's fingerprint, output-keys.ts) in the build's
 * environment, so the bytes it had in the file the last build wrote are
 * its bytes now. This file, beside the list of files, says where each
 * entry of each subscription feed is in that file: an entry whose key is
 * the same is copied from the old file rather than rendered (nor its
 * post's body read).
 *
 * The old file is used only when its sha256 is the one recorded here with
 * the spans: a file edited by hand, or replaced by a build that stopped
 * before it kept this list, has another hash, and its entries are rendered.
 * A cache like the stencil file: never listed, never served (a dot file),
 * any other environment or an unreadable file means render, and a build
 * never fails over it.
 */
export const ENTRIES_FILE = '.tidings-entries';

/** Where an entry is in a file: its key, first byte, length. */
type Span = readonly [key: string, start: number, length: number];

interface FileSpans {
  readonly hash: string;
  readonly entries: readonly Span[];
}

interface Kept {
  readonly environment: string;
  readonly files: Readonly<Record<string, FileSpans>>;
}

/** One feed file's entry source, and what to call with the file's pieces once they are rendered. */
export interface FileEntries {
  readonly source: EntrySource;
  done(pieces: readonly Buffer[]): void;
}

export interface EntryReuse {
  /** The entry source for the feed file at `file` (below the output folder), whose entries' keys `keyOf` gives by entry id. */
  forFile(file: string, keyOf: (entryId: string) => string | undefined): FileEntries;
  /** Entries copied from old files, and rendered, so far. */
  readonly counts: { reused: number; rendered: number };
  /** Keeps the spans of these feed files (those rendered now, the others as they were) for the next build. */
  keep(files: readonly string[]): Promise<void>;
}

/** The reuse of the last build's entries in `outDir`, for a build in `environment` (output-keys.ts environmentKey). */
export async function loadEntryReuse(outDir: string, environment: string): Promise<EntryReuse> {
  const old = await readKept(outDir, environment);
  const made = new Map<string, FileSpans>();
  const counts = { reused: 0, rendered: 0 };
  return {
    counts,
    forFile(file, keyOf) {
      const before = spansOf(old, file);
      let spans: Map<string, Buffer> | undefined;
      const oldEntries = (): Map<string, Buffer> => (spans ??= before === undefined ? new Map() : readSpans(path.join(outDir, file), before));
      const placed: { key: string; at: number; count: number }[] = [];
      return {
        source: {
          entry(entry, at, make) {
            const fingerprint = keyOf(entry.id);
            if (fingerprint === undefined) return make();
            const key = `${entry.id}=${fingerprint}`;
            const bytes = oldEntries().get(key);
            const pieces = bytes === undefined ? make() : [bytes];
            if (bytes === undefined) counts.rendered += 1;
            else counts.reused += 1;
            placed.push({ key, at, count: pieces.length });
            return pieces;
          },
        },
        done(pieces) {
          const offsets: number[] = [];
          const hash = createHash('sha256');
          let offset = 0;
          for (const piece of pieces) {
            offsets.push(offset);
            offset += piece.length;
            hash.update(piece);
          }
          offsets.push(offset);
          const entries = placed.map(({ key, at, count }): Span => [key, offsets[at] ?? 0, (offsets[at + count] ?? 0) - (offsets[at] ?? 0)]);
          made.set(file, { hash: hash.digest('hex'), entries });
        },
      };
    },
    async keep(files) {
      const kept: Record<string, FileSpans> = {};
      for (const file of [...files].sort()) {
        const spans = made.get(file) ?? spansOf(old, file);
        if (spans !== undefined) kept[file] = spans;
      }
      try {
        await writeFileAtomic(path.join(outDir, ENTRIES_FILE), JSON.stringify({ environment, files: kept } satisfies Kept));
      } catch {
        // The next build renders these entries again: slower, never wrong.
      }
    },
  };
}

/** The kept spans of a file, when the list has an object for it (anything else in a damaged list counts as none). */
function spansOf(kept: Kept | undefined, file: string): FileSpans | undefined {
  const spans: unknown = kept !== undefined && Object.hasOwn(kept.files, file) ? kept.files[file] : undefined;
  return typeof spans === 'object' && spans !== null ? (spans as FileSpans) : undefined;
}

async function readKept(outDir: string, environment: string): Promise<Kept | undefined> {
  try {
    const kept = JSON.parse(await readFile(path.join(outDir, ENTRIES_FILE), 'utf8')) as Partial<Kept> | null;
    return kept?.environment === environment && typeof kept.files === 'object' && kept.files !== null ? (kept as Kept) : undefined;
  } catch {
    return undefined;
  }
}

/** The old file's entries by key, when the file is the one the spans were taken of; none otherwise. */
function readSpans(file: string, spans: FileSpans): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return found;
  }
  if (!Array.isArray(spans.entries) || createHash('sha256').update(bytes).digest('hex') !== spans.hash) return found;
  for (const span of spans.entries as readonly unknown[]) {
    if (!Array.isArray(span)) continue;
    const [key, start, length] = span as unknown[];
    if (typeof key === 'string' && typeof start === 'number' && typeof length === 'number' && Number.isInteger(start) && Number.isInteger(length) && start >= 0 && length > 0 && start + length <= bytes.length) {
      found.set(key, bytes.subarray(start, start + length));
    }
  }
  return found;
}
