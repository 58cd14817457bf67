import type { Post, Withdrawal } from '../model/post.js';
import type { SourceRef } from '../model/raw-post.js';
import type { PostIndexEntry } from '../store/store.js';
import type { ImportedFolder } from './collect.js';
import { walkedBy } from './collect.js';

/** A post its source now withholds (`draft: true`, `published: false`): where it was read. */
export interface DraftSlot {
  file: string;
  line: number;
  slot: string;
}

/** What an import does to posts that come and go (pure; see docs/operations.md, "Taking a post down"). */
export interface LifecyclePlan {
  /** Stored files no longer found in a folder that was read in full. */
  deletedFiles: string[];
  withdraw: { id: string; withdrawal: Withdrawal }[];
  /** Withdrawn posts (by their file or their draft flag) read again as posts. */
  restore: string[];
  /** Stored posts that keep other sources: written again without the deleted ones. */
  trim: string[];
}

/**
 * Files stored from below a folder that was walked in full, not found this
 * time: deleted. A folder with an unreadable subfolder deletes nothing.
 */
export function deletedFiles(folders: readonly ImportedFolder[], stored: Iterable<string>): string[] {
  const gone = new Set<string>();
  for (const file of stored) {
    // The cheap test first: nearly every stored file was found again.
    if (folders.some((f) => f.complete && !f.files.has(file) && walkedBy(f.path, file))) gone.add(file);
  }
  return [...gone].sort();
}

/**
 * Decides which stored posts come down and which go back up:
 * - a post whose every source is in a deleted file is withdrawn ('file');
 *   one that keeps another source, or is read again from another file (a
 *   file renamed or moved), stays, without the deleted one (`trim`);
 * - a post whose source now marks it a draft is withdrawn ('draft');
 * - a post withdrawn by its file or its draft flag and read again as a
 *   post (`readAgain`: the stored ids the import matched) is restored. A
 *   post withdrawn by command stays down until `tidings posts restore`.
 * An item that merely drops out of a feed (a file still there) is none of these.
 */
export function planLifecycle(
  index: readonly PostIndexEntry[],
  gone: readonly string[],
  drafts: readonly DraftSlot[],
  readAgain: ReadonlySet<string>,
  now: string,
): LifecyclePlan {
  const deleted = new Set(gone);
  const bySlot = new Map<string, PostIndexEntry>();
  for (const entry of index) for (const s of entry.sources) bySlot.set(slotKey(s), entry);

  const withdraw = new Map<string, Withdrawal>();
  const trim: string[] = [];
  for (const entry of index) {
    const lost = entry.sources.filter((s) => deleted.has(s.file));
    if (lost.length === 0) continue;
    // Another source remains, or the post was read again from elsewhere (a file renamed or moved): it stays.
    if (lost.length < entry.sources.length || readAgain.has(entry.id)) trim.push(entry.id);
    else if (entry.withdrawn === undefined) {
      const files = [...new Set(lost.map((s) => s.file))];
      withdraw.set(entry.id, { at: now, reason: `${files.join(', ')} ${files.length === 1 ? 'was' : 'were'} deleted`, cause: 'file' });
    }
  }
  for (const draft of drafts) {
    const entry = bySlot.get(slotKey(draft));
    if (entry === undefined || entry.withdrawn !== undefined || withdraw.has(entry.id)) continue;
    withdraw.set(entry.id, { at: now, reason: `${draft.file}:${draft.line} marks it a draft`, cause: 'draft' });
  }
  const restore = index
    .filter((e) => (e.withdrawn === 'file' || e.withdrawn === 'draft') && readAgain.has(e.id) && !withdraw.has(e.id))
    .map((e) => e.id);
  return { deletedFiles: [...gone], withdraw: [...withdraw].map(([id, withdrawal]) => ({ id, withdrawal })), restore, trim };
}

/** The post without its sources in deleted files. */
export function withoutDeleted(post: Post, gone: ReadonlySet<string>): Post {
  const sources = post.sources.filter((s) => !gone.has(s.file));
  return sources.length === post.sources.length ? post : { ...post, sources };
}

function slotKey(s: Pick<SourceRef, 'file' | 'slot'>): string {
  return `${s.file}\u0000${s.slot}`;
}
