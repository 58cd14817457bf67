/**
 * Feed documents are assembled from UTF-8 pieces: each entry's part is
 * encoded once and reused by every document that carries it, and a
 * document is one copy of its pieces. Strings of that size would be encoded
 * again by the writer and would keep the garbage collector busy.
 */

/** A memo of each entry's encoded pieces, per renderer. */
export type PieceMemo<K extends object> = WeakMap<K, readonly Buffer[]>;

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** The memoised pieces of `key`, made by `make` the first time. */
export function memoPieces<K extends object>(memo: PieceMemo<K>, key: K, make: () => readonly Buffer[]): readonly Buffer[] {
  let pieces = memo.get(key);
  if (pieces === undefined) {
    pieces = make();
    memo.set(key, pieces);
  }
  return pieces;
}
