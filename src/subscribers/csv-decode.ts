import iconv from 'iconv-lite';

/**
 * Bytes of a subscriber CSV to text, a chunk at a time, in the encoding the
 * file is in: UTF-16 LE or BE when it starts with their byte order mark,
 * UTF-8 when it starts with its mark or when its first non-ASCII bytes are
 * UTF-8, Windows-1252 (a superset of Latin-1's letters) when they are not.
 * Bytes the chosen encoding cannot read become U+FFFD, which the CSV import
 * refuses, line by line (csv-import.ts): nothing is replaced silently. Pure.
 */
export type CsvEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

type Decoder = { write(bytes: Buffer): string; end(): string | undefined };

const BOMS: readonly { bytes: readonly number[]; encoding: CsvEncoding }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'UTF-8' },
  { bytes: [0xff, 0xfe], encoding: 'UTF-16LE' },
  { bytes: [0xfe, 0xff], encoding: 'UTF-16BE' },
];
const ICONV_NAMES: Record<CsvEncoding, string> = { 'UTF-8': 'utf8', 'UTF-16LE': 'utf16le', 'UTF-16BE': 'utf16be', 'Windows-1252': 'win1252' };

/** A file with NUL bytes and no byte order mark: UTF-16 that cannot be told LE from BE. */
export class UnmarkedUtf16Error extends Error {
  readonly kind = 'unmarked-utf16';
}

export class CsvDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private decoder: Decoder | undefined;
  private chosen: CsvEncoding | undefined;
  private started = false;
  /** True when the file started with a byte order mark. */
  marked = false;

  /** The encoding chosen so far (undefined while the file has been ASCII: any of them reads it the same). */
  get encoding(): CsvEncoding | undefined {
    return this.chosen;
  }

  write(chunk: Buffer): string {
    if (this.decoder !== undefined) return this.decoder.write(chunk);
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return this.sniff(false);
  }

  end(): string {
    const head = this.decoder === undefined ? this.sniff(true) : '';
    return head + (this.decoder?.end() ?? '');
  }

  private sniff(final: boolean): string {
    const bytes = this.pending;
    if (!this.started) {
      if (bytes.length < 3 && !final) return '';
      this.started = true;
      const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
      if (bom !== undefined) {
        this.marked = true;
        return this.choose(bom.encoding, bytes.subarray(bom.bytes.length));
      }
      if (bytes.subarray(0, 4096).includes(0)) {
        throw new UnmarkedUtf16Error('the file holds NUL bytes and no byte order mark (UTF-16 without a mark?)');
      }
    }
    const first = bytes.findIndex((byte) => byte >= 0x80);
    if (first === -1) {
      this.pending = Buffer.alloc(0);
      return bytes.toString('latin1');
    }
    const utf8 = utf8SequenceAt(bytes, first);
    if (utf8 === 'short' && !final) {
      this.pending = bytes.subarray(first);
      return bytes.subarray(0, first).toString('latin1');
    }
    return this.choose(utf8 === true ? 'UTF-8' : 'Windows-1252', bytes);
  }

  private choose(encoding: CsvEncoding, rest: Buffer): string {
    this.chosen = encoding;
    this.pending = Buffer.alloc(0);
    this.decoder = iconv.getDecoder(ICONV_NAMES[encoding], { stripBOM: false });
    return this.decoder.write(rest);
  }
}

/** Whether the bytes at `at` (a byte >= 0x80) start a well-formed UTF-8 sequence; 'short' when the bytes end first. */
function utf8SequenceAt(bytes: Buffer, at: number): boolean | 'short' {
  const lead = bytes[at] ?? 0;
  const [length, low, high] =
    lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
    : lead === 0xe0 ? [3, 0xa0, 0xbf]
    : lead === 0xed ? [3, 0x80, 0x9f]
    : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
    : lead === 0xf0 ? [4, 0x90, 0xbf]
    : lead === 0xf4 ? [4, 0x80, 0x8f]
    : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
    : [0, 0, 0];
  if (length === 0) return false;
  for (let i = 1; i < length; i += 1) {
    const byte = bytes[at + i];
    if (byte === undefined) return 'short';
    const [min, max] = i === 1 ? [low, high] : [0x80, 0xbf];
    if (byte < min || byte > max) return false;
  }
  return true;
}

/** Decoded text of byte chunks (a file stream). `decoder.encoding` is known once the text is read. */
export async function* decodeChunks(chunks: AsyncIterable<Buffer>, decoder: CsvDecoder): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}
