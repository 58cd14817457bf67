/**
 * Feed documents are assembled from UTF-8 pieces: each entry's part is
 * encoded once and reused by every document that carries it, and a
 * document is one copy of its pieces. Strings of that size would be encoded
 * again by the writer and would keep the garbage collector busy.
 */

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

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
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
