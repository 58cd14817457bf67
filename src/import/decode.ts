import type { Diagnostic } from '../model/diagnostic.js';
import { diagnostic } from '../model/diagnostic.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const cp1252 = new TextDecoder('windows-1252');

/**
 * Bytes to text. UTF-8 (a BOM is dropped) is the expected encoding. Bytes
 * with a NUL, or with more than a stray control byte, are refused as binary. Bytes that are
 * not valid UTF-8 are read as Windows-1252, the usual encoding of older
 * exports, with a warning naming the first bad line.
 */
export function decodeText(bytes: Uint8Array, file: string): { text: string; warnings: Diagnostic[] } | { error: Diagnostic } {
  const binaryAt = firstBinaryByte(bytes);
  if (binaryAt >= 0) {
    return { error: diagnostic(file, lineAt(bytes, binaryAt), 'binary file (not text)', 'import Markdown, text exports or feed files') };
  }
  try {
    return { text: utf8.decode(bytes), warnings: [] };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const warning = diagnostic(
      file,
      lineAt(bytes, bad),
      'not valid UTF-8: read as Windows-1252',
      'save the file as UTF-8 if characters look wrong',
      'warning',
    );
    return { text: cp1252.decode(bytes), warnings: [warning] };
  }
}

/**
 * Index of the first byte that shows the file is binary, within the first
 * 64 KiB; -1 if none. A NUL is binary; other control bytes text never holds
 * are binary when there are more than a few (one in 100 bytes; random
 * bytes hold about one in 12): a few stray backspaces pasted into a post
 * are text (normalisation drops them), not a reason to refuse the post.
 */
function firstBinaryByte(bytes: Uint8Array): number {
  const end = Math.min(bytes.length, 65_536);
  let first = -1;
  let controls = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0) return i;
    // C0 controls other than tab, LF, VT, FF, CR, SUB (old DOS end of file) and ESC.
    if (b < 9 || (b > 13 && b < 32 && b !== 0x1a && b !== 0x1b)) {
      if (first < 0) first = i;
      controls++;
    }
  }
  return controls > Math.max(1, end / 100) ? first : -1;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
