import type { Post } from '../model/post.js';
import type { SourceRef } from '../model/raw-post.js';
import type { ImportCounts, PostIndexEntry } from '../store/store.js';
import { differentFiles, markdownFile } from './own-file.js';
import { hasStatedId } from './stated-id.js';

/** What happened to one post of an import. */
export type Outcome = 'new' | 'updated' | 'merged' | 'unchanged';

export interface Decision {
  outcome: Outcome;
  post: Post;
}

export interface Reconciled {
  decisions: Decision[];
  /** Posts to write: new, updated and merged ones, and unchanged ones whose sources changed. */
  upsert: Post[];
  counts: Omit<ImportCounts, 'rejected' | 'skipped'>;
}

/**
 * How a stored post is found for an incoming one: same source slot, same id,
 * else same fingerprint, but never a stored post with another stated id when
 * the incoming one states its own (a feed item's id is its identity), and
 * never, by fingerprint, a stored post read from another Markdown file (a
 * file is a post of its own: own-file.ts; a moved file keeps its post by id).
 */
export function matchStored(candidates: readonly Post[], index: readonly PostIndexEntry[]): (string | undefined)[] {
  // Nothing to match (an import with every file unchanged): no maps of the whole store, twice.
  if (candidates.length === 0) return [];
  const bySlot = new Map<string, string>();
  const ids = new Set<string>();
  const byFingerprint = new Map<string, PostIndexEntry[]>();
  for (const entry of index) {
    ids.add(entry.id);
    byFingerprint.set(entry.fingerprint, [...(byFingerprint.get(entry.fingerprint) ?? []), entry]);
    for (const s of entry.sources) bySlot.set(slotKey(s), entry.id);
  }
  return candidates.map((c) => {
    for (const s of c.sources) {
      const hit = bySlot.get(slotKey(s));
      if (hit !== undefined) return hit;
    }
    if (ids.has(c.id)) return c.id;
    const stated = hasStatedId(c.sources);
    const fromFile = markdownFile(c.sources) !== undefined;
    return byFingerprint
      .get(c.fingerprint)
      ?.find((e) => (!stated || !hasStatedId(e.sources)) && !(fromFile && differentFiles(c.sources, e.sources)))?.id;
  });
}

export interface ReconcileDeps {
  merge: (a: Post, b: Post) => Post;
  /** The post's URL for a (possibly suffixed) slug. */
  urlFor: (post: Post, slug: string) => string;
}

/**
 * Decides, for each incoming post (already normalised and merged within the
 * import), whether it is new, an edit of a stored post, a duplicate to merge
 * into one, or unchanged. Pure: the caller fetched `stored` (by the ids that
 * matchStored found) and passes the clock in as `now`.
 */
export function reconcile(
  candidates: readonly Post[],
  matches: readonly (string | undefined)[],
  stored: ReadonlyMap<string, Post>,
  index: readonly PostIndexEntry[],
  now: string,
  deps: ReconcileDeps,
): Reconciled {
  const slugOwner = new Map<string, string>();
  for (const entry of index) slugOwner.set(entry.slug, entry.id);
  const counts = { new: 0, updated: 0, merged: 0, unchanged: 0 };
  const decisions: Decision[] = [];
  const upsert: Post[] = [];

  candidates.forEach((candidate, i) => {
    const matchId = matches[i];
    const existing = matchId === undefined ? undefined : stored.get(matchId);
    let decision: Decision;
    if (existing === undefined) {
      decision = { outcome: 'new', post: candidate };
    } else {
      decision = decide(existing, candidate, now, deps.merge);
    }
    const post = withUniqueSlug(decision.post, slugOwner, deps.urlFor);
    slugOwner.set(post.slug, post.id);
    counts[decision.outcome]++;
    decisions.push({ outcome: decision.outcome, post });
    if (decision.outcome !== 'unchanged' || (existing !== undefined && !sameSources(existing.sources, post.sources))) upsert.push(post);
  });
  return { decisions, upsert, counts };
}

function decide(existing: Post, candidate: Post, now: string, merge: (a: Post, b: Post) => Post): Decision {
  const known = new Map(existing.sources.map((s) => [slotKey(s), s.hash]));
  if (candidate.sources.every((s) => known.get(slotKey(s)) === s.hash)) return { outcome: 'unchanged', post: existing };

  const incomingSlots = new Set(candidate.sources.map(slotKey));
  const editsKnownSource = existing.sources.some((s) => incomingSlots.has(slotKey(s)));
  const onlyFromIncoming = existing.sources.every((s) => incomingSlots.has(slotKey(s)));

  // The stored post came only from the sources being re-read: the new reading replaces it.
  // Otherwise the stored post also has other sources: merge the new reading in,
  // replacing the old reading of any source that was edited.
  const base = onlyFromIncoming
    ? candidate
    : merge({ ...existing, sources: existing.sources.filter((s) => !incomingSlots.has(slotKey(s))) }, candidate);
  const merged: Post = { ...base, id: existing.id };

  // A source the store has not seen: the same post met in another file.
  if (!editsKnownSource) return { outcome: 'merged', post: sameContent(existing, merged) ? { ...existing, sources: merged.sources } : merged };
  // A known source re-read with a different hash but nothing a reader would see changed.
  if (sameContent(existing, merged)) return { outcome: 'unchanged', post: { ...existing, sources: merged.sources } };
  // An edit: a source that states its own `updated` keeps it; otherwise the post is updated now.
  const statedUpdate = candidate.updated !== candidate.published && candidate.updated > existing.updated;
  return { outcome: 'updated', post: { ...merged, updated: statedUpdate ? candidate.updated : now } };
}

function withUniqueSlug(post: Post, owner: ReadonlyMap<string, string>, urlFor: (post: Post, slug: string) => string): Post {
  let slug = post.slug;
  for (let n = 2; owner.has(slug) && owner.get(slug) !== post.id; n++) slug = `${post.slug}-${n}`;
  if (slug === post.slug) return post;
  // A post whose source names its address keeps it: only tidings' own addresses are made of the slug.
  return post.permalink !== undefined && post.permalink.trim() !== '' ? { ...post, slug } : { ...post, slug, url: urlFor(post, slug) };
}

function slotKey(s: Pick<SourceRef, 'file' | 'slot'>): string {
  return `${s.file}\u0000${s.slot}`;
}

function sameSources(a: readonly SourceRef[], b: readonly SourceRef[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The parts of a post a reader sees. */
function sameContent(a: Post, b: Post): boolean {
  return (
    a.title === b.title &&
    a.titleDerived === b.titleDerived &&
    a.html === b.html &&
    a.summary === b.summary &&
    a.published === b.published &&
    a.author === b.author &&
    a.slug === b.slug &&
    a.themes.join(',') === b.themes.join(',') &&
    a.tags.join('\n') === b.tags.join('\n') &&
    a.expires === b.expires
  );
}
