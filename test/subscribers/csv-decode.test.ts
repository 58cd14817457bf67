import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvDecoder, UnmarkedUtf16Error } from '../../src/subscribers/csv-decode.js';

const TEXT = 'email,name\nrene@example.org,René Müller – “R”\n';

/** Decodes `bytes` fed `size` bytes at a time. */
function decode(bytes: Buffer, size: number): { text: string; encoding: string | undefined } {
  const decoder = new CsvDecoder();
  let text = '';
  for (let at = 0; at < bytes.length; at += size) text += decoder.write(bytes.subarray(at, at + size));
  text += decoder.end();
  return { text, encoding: decoder.encoding };
}

describe('decoding a subscriber CSV', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT)],
    ['UTF-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])],
    ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf16le')])],
    ['UTF-16BE', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf16be')])],
    ['Windows-1252', iconv.encode(TEXT, 'win1252')],
  ])('reads %s the same in chunks of any size, the byte order mark left out', (encoding, bytes) => {
    for (const size of [1, 2, 3, 5, 64 * 1024]) expect(decode(bytes, size)).toEqual({ text: TEXT, encoding });
  });

  it('leaves an ASCII file undecided, and takes a UTF-8 sequence cut off by the end of the file for Windows-1252', () => {
    expect(decode(Buffer.from('email\nann@example.org\n'), 4)).toEqual({ text: 'email\nann@example.org\n', encoding: undefined });
    expect(decode(Buffer.from([0x61, 0xc3]), 1)).toEqual({ text: 'aÃ', encoding: 'Windows-1252' });
  });

  it('turns bytes the chosen encoding cannot read into U+FFFD, for the import to refuse', () => {
    const mixed = Buffer.concat([Buffer.from('é\n'), iconv.encode('ë\n', 'win1252')]);
    expect(decode(mixed, 3)).toEqual({ text: 'é\n\uFFFD\n', encoding: 'UTF-8' });
    expect(decode(Buffer.from([0x41, 0x81, 0x0a]), 1)).toEqual({ text: 'A\uFFFD\n', encoding: 'Windows-1252' });
  });

  it('refuses NUL bytes without a byte order mark', () => {
    expect(() => decode(iconv.encode(TEXT, 'utf16le'), 64)).toThrow(UnmarkedUtf16Error);
  });
});
