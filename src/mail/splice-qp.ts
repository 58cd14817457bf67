import { encode, wrap } from 'nodemailer/lib/qp';

/**
 * Quoted-printable bodies with per-recipient holes, filled without encoding
 * the whole body again.
 *
 * nodemailer encodes a text part as `wrap(encode(content), 76)`: `encode`
 * is local (each byte on its own, plus "whitespace before a line break is
 * encoded", which never applies next to a hole: a hole's value never starts
 * or ends with whitespace), but `wrap` is not: it cuts the encoded text into
 * windows of at most 76 characters, greedily, and where a window ends
 * depends on everything before it. A value longer or shorter than the
 * template's moves the soft line breaks that follow it, so splicing the
 * value into the template's wrapped text would be wrong (a soft break could
 * even split the value).
 *
 * What makes it cheap anyway: a window's cut depends only on the (at most)
 * 76 characters it starts with and on how much text is left. So for each
 * hole the windows are computed again from the last template window that
 * could see the hole, through the value, until a window starts at a place
 * where the template also had one, in text after the hole: from there on
 * the output is the template's own, copied. That is usually two or three
 * windows per hole, whatever the size of the body.
 *
 * `step` below is nodemailer's `wrap` loop body (nodemailer 10), one window
 * at a time. `compileQpTemplate` checks it against nodemailer's own `wrap`
 * on the template and refuses (returns null) when they disagree, so a
 * nodemailer upgrade that changes the wrapping is caught, not mis-sent.
 */

const LINE = 76;
const MARGIN = Math.floor(LINE / 3);

/**
 * One window of `wrap`: how many characters of `line` (the next ≤ 76
 * characters) it takes, whether a soft break follows them, and where the
 * last line break (LF) of `line` is (-1: none). `remaining`: characters
 * left from the window's start to the end. The text has no CR (see
 * compileQpTemplate), so wrap's first rule (cut after a CRLF) never applies.
 */
export function step(line: string, remaining: number): { take: number; soft: boolean; lf: number } {
  // The same decisions as nodemailer's regular expressions, made with a native search and on character codes: this runs a few times per hole per message.
  const length = line.length;
  const tailStart = Math.max(0, length - MARGIN);
  const lf = line.lastIndexOf('\n');
  if (lf === length - 1) return { take: length, soft: false, lf };
  if (lf >= tailStart) return { take: lf + 1, soft: false, lf };

  let take = length;
  const breakAt = length > LINE - MARGIN ? lastBreak(line, tailStart) : -1;
  const partial = breakAt === -1 ? escapeTail(line, length) : -1;
  if (breakAt !== -1) {
    take = breakAt + 1;
  } else if (partial !== -1) {
    // An incomplete =X or = moves to the next line; so do the bytes of a UTF-8 sequence it would split.
    if (partial < 2) take = length - partial - 1;
    while (take > 3 && take < remaining && !onlyEscapes(line, take) && escapeTail(line, take) === 2) {
      const code = parseInt(line.substr(take - 2, 2), 16);
      if (code < 128) break;
      take -= 3;
      if (code >= 0xc0) break;
    }
  }
  if (take === 0) take = length;
  if (take < remaining && line.charCodeAt(take - 1) !== LF) {
    if (take === LINE && escapeTail(line, take) === 2) take -= 3;
    else if (take === LINE) take -= 1;
    return { take, soft: true, lf };
  }
  return { take, soft: false, lf };
}

const LF = 0x0a;

/** Index of the last place wrap may cut after (space, tab, or . , ! ?) at or after `from`, or -1. */
function lastBreak(line: string, from: number): number {
  for (let i = line.length - 1; i >= from; i--) {
    const code = line.charCodeAt(i);
    if (code === 0x20 || code === 0x09 || code === 0x2e || code === 0x2c || code === 0x21 || code === 0x3f) return i;
  }
  return -1;
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
}

/** How many hex digits follow a '=' that ends the first `end` characters of `line` (0, 1 or 2), or -1 when they do not end so (/[=][\da-f]{0,2}$/i). */
function escapeTail(line: string, end: number): number {
  if (end >= 1 && line.charCodeAt(end - 1) === 0x3d) return 0;
  if (end >= 2 && line.charCodeAt(end - 2) === 0x3d && isHex(line.charCodeAt(end - 1))) return 1;
  if (end >= 3 && line.charCodeAt(end - 3) === 0x3d && isHex(line.charCodeAt(end - 2)) && isHex(line.charCodeAt(end - 1))) return 2;
  return -1;
}

/** Whether the first `end` characters are one to four =XX escapes and nothing else (/^(?:=[\da-f]{2}){1,4}$/i). */
function onlyEscapes(line: string, end: number): boolean {
  if (end % 3 !== 0 || end < 3 || end > 12) return false;
  for (let i = 0; i < end; i += 3) {
    if (line.charCodeAt(i) !== 0x3d || !isHex(line.charCodeAt(i + 1)) || !isHex(line.charCodeAt(i + 2))) return false;
  }
  return true;
}

/** A text part cut at its holes: `pieces` has one more element than `holes`. */
export interface HoledText {
  readonly pieces: readonly string[];
  /** What goes in each hole: an index into the values given to fill. */
  readonly holes: readonly number[];
}

/** A piece of a message on its way out: bytes of the template, or a short string (ASCII) made for one recipient. */
export type WirePiece = Buffer | string;

/** A quoted-printable body with holes, ready to fill per recipient. */
export interface QpTemplate {
  /** Appends the body for these values (one per hole kind) to `out`, as it goes on the wire: quoted-printable, CRLF line ends. */
  fill(values: readonly string[], out: WirePiece[]): void;
}

/** The pieces as one string (for tests and checks). */
export function wireText(pieces: readonly WirePiece[]): string {
  return pieces.map((piece) => (typeof piece === 'string' ? piece : piece.toString('latin1'))).join('');
}

/** Quoted-printable of a value going into a hole, or null when it cannot be spliced (leading or trailing whitespace, a line break). */
export function encodeHoleValue(value: string): string | null {
  if (value === '' || /^[ \t]|[ \t]$|[\r\n]/.test(value)) return null;
  // The common case, an ASCII link or name, without a round trip through bytes: as encode() does it.
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7e || (code < 0x20 && code !== 0x09)) return encode(value);
    if (code === 0x3d) {
      out += `${value.slice(from, i)}=3D`;
      from = i + 1;
    }
  }
  return from === 0 ? value : out + value.slice(from);
}

/**
 * Prepares `text` for filling: its static pieces are encoded once, wrapped
 * once with `sample` in the holes, and the windows remembered. Null when
 * the text cannot be filled this way (a CR in it, whitespace at its very
 * end, a body nodemailer would split into slices, or a wrapping that does
 * not match nodemailer's): the caller then composes whole messages.
 */
export function compileQpTemplate(text: HoledText, sample: readonly string[]): QpTemplate | null {
  const { pieces, holes } = text;
  if (pieces.length !== holes.length + 1) throw new RangeError('compileQpTemplate: pieces must be one more than holes');
  if (pieces.some((piece) => piece.includes('\r'))) return null;
  const last = pieces[pieces.length - 1] ?? '';
  if (/[ \t]$/.test(last) || (last === '' && holes.length > 0)) return null;

  // A piece before a hole is followed by the value's first character, never whitespace or a line break.
  const encoded = pieces.map((piece, i) => (i < holes.length ? encode(`${piece}x`).slice(0, -1) : encode(piece)));
  const sampleEncoded = sample.map((value) => encodeHoleValue(value));
  if (sampleEncoded.some((value) => value === null)) throw new TypeError('compileQpTemplate: a sample value cannot go in a hole');
  const holeText = holes.map((hole) => sampleEncoded[hole] ?? '');

  const pieceStart = new Int32Array(pieces.length);
  let full = '';
  for (let i = 0; i < encoded.length; i++) {
    pieceStart[i] = full.length;
    full += encoded[i] ?? '';
    if (i < holeText.length) full += holeText[i] ?? '';
  }
  if (full.length <= LINE * 2) return null;

  // The template's windows: where each starts, and where its output starts on the wire.
  const wireAt = new Int32Array(full.length + 1).fill(-1);
  let wrapped = '';
  const wireParts: string[] = [];
  let wireLength = 0;
  const startList: number[] = [];
  for (let pos = 0; pos < full.length; ) {
    wireAt[pos] = wireLength;
    startList.push(pos);
    const line = full.substr(pos, LINE);
    const { take, soft } = step(line, full.length - pos);
    const out = line.slice(0, take) + (soft ? '=\r\n' : '');
    wrapped += out;
    const onWire = crlf(out);
    wireParts.push(onWire);
    wireLength += onWire.length;
    pos += take;
  }
  wireAt[full.length] = wireLength;
  const starts = Int32Array.from(startList);
  if (wrapped !== wrap(full, LINE)) return null;
  const wire = Buffer.from(wireParts.join(''), 'latin1');
  // nodemailer encodes a body in slices of 64 KiB of input, each wrapped on its own: only a body of one slice is spliced.
  const sliceLimit = 64 * 1024;
  const staticBytes = pieces.reduce((n, piece) => n + Buffer.byteLength(piece, 'utf8'), 0);

  return {
    fill(values, out) {
      const holeValues: string[] = [];
      let bytes = staticBytes;
      let length = full.length;
      for (let h = 0; h < holes.length; h++) {
        const raw = values[holes[h] ?? 0] ?? '';
        const value = encodeHoleValue(raw);
        if (value === null) throw new TypeError(`QP template: the value "${raw.slice(0, 40)}" cannot go in a hole`);
        holeValues.push(value);
        bytes += Buffer.byteLength(raw, 'utf8');
        length += value.length - (holeText[h] ?? '').length;
      }
      if (bytes > sliceLimit) {
        out.push(slowFill(pieces, holes, values));
        return;
      }

      // Synchronised: the output from template position `at` on is the template's, until the next hole.
      let at = 0;
      let hole = 0;
      let shift = 0;
      while (hole < holes.length) {
        const holeAt = (pieceStart[hole] ?? 0) + (encoded[hole] ?? '').length;
        // The first template window at or after `at` whose 76 characters reach the hole.
        const start = Math.max(at, firstStartFrom(starts, holeAt - LINE + 1));
        if (start > at) out.push(wire.subarray(wireAt[at], wireAt[start]));
        // Wrap again from `start`, through the hole, until a window starts where a template window did.
        const reader = new Reader(encoded, holeValues, hole, start - (pieceStart[hole] ?? 0));
        let remaining = length - (start + shift);
        let region = '';
        let synced = false;
        while (remaining > 0) {
          const line = reader.peek(LINE);
          const { take, soft, lf } = step(line, remaining);
          // The text has no CR (see compileQpTemplate): its line breaks become CRLF here, a window at a time.
          const taken = take === line.length ? line : line.slice(0, take);
          region += lf !== -1 && lf < take ? taken.replaceAll('\n', '\r\n') : taken;
          if (soft) region += '=\r\n';
          reader.advance(take);
          remaining -= take;
          if (remaining === 0) break;
          if (reader.inValue || reader.piece <= hole) continue;
          const t = (pieceStart[reader.piece] ?? 0) + reader.offset;
          if ((wireAt[t] ?? -1) !== -1) {
            shift = length - remaining - t;
            at = t;
            hole = reader.piece;
            synced = true;
            break;
          }
        }
        out.push(region);
        if (!synced) return;
      }
      out.push(wire.subarray(wireAt[at]));
    },
  };
}

/** The first template window start at or after `pos` (binary search). */
function firstStartFrom(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) < pos) lo = mid + 1;
    else hi = mid;
  }
  return starts[lo] ?? 0;
}

/** The body as nodemailer would write it, encoded whole: for a body too large to splice. */
function slowFill(pieces: readonly string[], holes: readonly number[], values: readonly string[]): string {
  let text = pieces[0] ?? '';
  for (let h = 0; h < holes.length; h++) text += (values[holes[h] ?? 0] ?? '') + (pieces[h + 1] ?? '');
  const bytes = Buffer.from(text, 'utf8');
  const sliceLimit = 64 * 1024;
  let out = '';
  let line = '';
  for (let from = 0; from < bytes.length; from += sliceLimit) {
    const slice = bytes.subarray(from, Math.min(from + sliceLimit, bytes.length));
    const next = from + sliceLimit < bytes.length ? bytes[from + sliceLimit] : undefined;
    const qp = wrap(line + encodeSlice(slice, next), LINE);
    const lastLf = qp.lastIndexOf('\n');
    out += qp.slice(0, lastLf + 1);
    line = qp.slice(lastLf + 1);
  }
  return crlf(out + line);
}

/** `encode` of a slice followed by the byte `next`: trailing whitespace stays literal unless a line break or the end follows. */
function encodeSlice(slice: Buffer, next: number | undefined): string {
  const lastByte = slice[slice.length - 1];
  const trailingSpace = lastByte === 0x20 || lastByte === 0x09;
  if (!trailingSpace || next === undefined || next === 0x0a || next === 0x0d) return encode(slice);
  return encode(slice.subarray(0, -1)) + String.fromCharCode(lastByte);
}

/** Bare LF to CRLF, as nodemailer's newline: 'windows' does on the way out (the text has no CR but those of soft breaks). */
function crlf(text: string): string {
  return text.includes('\n') ? text.replace(/(?<!\r)\n/g, '\r\n') : text;
}

/** Reads the filled text (pieces and values in turn) from a place inside piece `piece`, without building it. */
class Reader {
  /** Index of the piece being read, or of the piece before the value being read. */
  piece: number;
  offset: number;
  inValue = false;

  constructor(
    private readonly pieces: readonly string[],
    private readonly values: readonly string[],
    piece: number,
    offset: number,
  ) {
    this.piece = piece;
    this.offset = offset;
    this.settle();
  }

  private current(): string {
    return (this.inValue ? this.values[this.piece] : this.pieces[this.piece]) ?? '';
  }

  /** Moves past the ends of empty or finished segments. */
  private settle(): void {
    for (;;) {
      const segment = this.current();
      if (this.offset < segment.length) return;
      if (!this.inValue && this.piece >= this.values.length) return;
      this.offset -= segment.length;
      if (this.inValue) {
        this.inValue = false;
        this.piece += 1;
      } else {
        this.inValue = true;
      }
    }
  }

  peek(count: number): string {
    const segment = this.current();
    if (segment.length - this.offset >= count) return segment.substr(this.offset, count);
    let out = segment.slice(this.offset);
    let piece = this.piece;
    let inValue = this.inValue;
    while (out.length < count) {
      if (inValue) {
        inValue = false;
        piece += 1;
      } else {
        if (piece >= this.values.length) break;
        inValue = true;
      }
      const next = (inValue ? this.values[piece] : this.pieces[piece]) ?? '';
      out += next.slice(0, count - out.length);
    }
    return out;
  }

  advance(count: number): void {
    this.offset += count;
    this.settle();
  }
}
