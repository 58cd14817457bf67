import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/feeds/bytes.js';

describe('utf8: feed pieces cut from shared slabs', () => {
  it('gives the same bytes as Buffer.from, however the texts fall across slabs, and no piece overlaps another', () => {
    const texts = ['', 'plain', 'é', '€uro', '😀 emoji', 'a\u0000b', '\uD800 lone surrogate', 'x'.repeat(4000), 'ü'.repeat(21_000), 'y'.repeat(70_000)];
    const pieces: [string, Buffer][] = [];
    // Enough pieces to fill several 1 MB slabs, in an order that leaves odd gaps at each slab's end.
    for (let i = 0; i < 3000; i++) {
      const text = texts[i % texts.length] ?? '';
      pieces.push([text, utf8(`${i}:${text}`)]);
    }
    for (const [i, [text, piece]] of pieces.entries()) expect(piece.equals(Buffer.from(`${i}:${text}`, 'utf8'))).toBe(true);
  });
});
