/**
 * The addresses a CSV import has met so far, and the line each came on:
 * what finds a duplicate row. A Map of the addresses took ~130 bytes an
 * address (80 MB for a 50 MB file); this keeps a 64-bit hash and the line
 * in typed arrays, 12 bytes a slot at a load of at most a half (~16 MB for
 * 616,000 addresses). Two addresses share a hash with a chance of about
 * n² / 2^65 (one in 36 million for a million addresses): then the second
 * is reported as a duplicate of the first, never imported silently wrong.
 * The hash is cyrb64 (not cryptographic: the file is the operator's own,
 * and sha1 per row cost 9 µs, a tenth of the whole row's reading).
 */
export class SeenAddresses {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  /** 0: an empty slot (lines start at 1). */
  private lines = new Uint32Array(1024);
  private size = 0;

  /** The line `key` first came on, or undefined (and it is remembered as on `line`). */
  firstLine(key: string, line: number): number | undefined {
    if (line < 1) throw new Error(`SeenAddresses: a line starts at 1, got ${line}`);
    const [hi, lo] = hash64(key);
    const slot = this.find(hi, lo);
    const seen = this.lines[slot] ?? 0;
    if (seen !== 0) return seen;
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.lines[slot] = line;
    this.size += 1;
    if (this.size * 2 > this.lines.length) this.grow();
    return undefined;
  }

  /** The slot holding this hash, or the empty one where it goes (linear probing). */
  private find(hi: number, lo: number): number {
    const mask = this.lines.length - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      if (this.lines[slot] === 0 || (this.hi[slot] === hi && this.lo[slot] === lo)) return slot;
    }
  }

  private grow(): void {
    const { hi, lo, lines } = this;
    this.hi = new Uint32Array(lines.length * 2);
    this.lo = new Uint32Array(lines.length * 2);
    this.lines = new Uint32Array(lines.length * 2);
    for (let old = 0; old < lines.length; old += 1) {
      const line = lines[old] ?? 0;
      if (line === 0) continue;
      const slot = this.find(hi[old] ?? 0, lo[old] ?? 0);
      this.hi[slot] = hi[old] ?? 0;
      this.lo[slot] = lo[old] ?? 0;
      this.lines[slot] = line;
    }
  }
}

/** cyrb64: two 32-bit halves mixed from each UTF-16 code unit. */
function hash64(key: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i += 1) {
    const unit = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}
