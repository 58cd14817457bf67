/**
 * Feed documents are assembled from UTF-8 pieces: each entry's part is
 * encoded once and reused by every document that carries it, and a
 * document is one copy of its pieces. Strings of that size would be encoded
 * again by the writer and would keep the garbage collector busy.
 */

import type { FeedEntry } from './model.js';

/**
 * Where a renderer gets each entry's pieces. By default they are made (and
 * memoised per renderer); a build can hand back the bytes an entry had in
 * the file it wrote last time, when nothing the entry is made from has
 * changed (build/entry-reuse.ts).
 */
export interface EntrySource {
  /** The pieces of `entry`, which go into the document from its piece `at` on; `make` renders them. */
  entry(entry: FeedEntry, at: number, make: () => readonly Buffer[]): readonly Buffer[];
}

/** Every entry rendered (from the memo when it holds it). */
export const RENDER_ENTRIES: EntrySource = { entry: (_entry, _at, make) => make() };

/**
 * A memo keyed by (read-only) objects, per renderer: it lets go when its
 * keys do, or when the build is done with the feeds (releaseMemos).
 */
export interface Memo<K extends object, V> {
  map: WeakMap<K, V>;
}

/** A memo of each entry's encoded pieces, per renderer. */
export type PieceMemo<K extends object> = Memo<K, readonly Buffer[]>;

const memos = new Set<Memo<object, unknown>>();

/** A new memo, emptied with every other by releaseMemos. */
export function memo<K extends object, V>(): Memo<K, V> {
  const made: Memo<K, V> = { map: new WeakMap() };
  memos.add(made as unknown as Memo<object, unknown>);
  return made;
}

/**
 * Empties every memo: a build calls it once its feeds are written, so that
 * the encoded entries (about the size of all the posts' HTML, three times)
 * do not stay in memory while it writes the pages and the roundups. A feed
 * rendered afterwards encodes its entries again: the same bytes.
 */
export function releaseMemos(): void {
  for (const m of memos) m.map = new WeakMap();
}

/** Bytes of the slabs pieces are cut from (utf8): above glibc's threshold, so each is its own mapping. */
const SLAB_BYTES = 1 << 20;
/** A text that may encode to more than this gets a buffer of its own. */
const OWN_BUFFER_ABOVE = SLAB_BYTES >> 4;
let slab: Buffer | undefined;
let used = 0;

/**
 * A text's UTF-8 bytes, cut from a shared 1 MB slab. Buffer.from would
 * give each piece an allocation of its own (or a piece of Node's 8 KB
 * pool): a cold build of 10,000 posts makes some 100 MB of them for its
 * feeds, and although they are freed after the feeds, the C heap they came
 * from keeps its pages, so the build's peak memory kept them too (539
 * against 470 MB, docs/benchmarks.md). A slab is freed, and given back to
 * the system, once no piece of it is left.
 */
export function utf8(text: string): Buffer {
  const most = text.length * 3;
  if (most > OWN_BUFFER_ABOVE) return Buffer.from(text, 'utf8');
  if (slab === undefined || used + most > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    used = 0;
  }
  const end = used + slab.write(text, used, 'utf8');
  const piece = slab.subarray(used, end);
  used = end;
  return piece;
}

/** The memoised pieces of `key`, made by `make` the first time. */
export function memoPieces<K extends object>(table: PieceMemo<K>, key: K, make: () => readonly Buffer[]): readonly Buffer[] {
  let pieces = table.map.get(key);
  if (pieces === undefined) {
    pieces = make();
    table.map.set(key, pieces);
  }
  return pieces;
}
