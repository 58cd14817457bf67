/**
 * A message as it travels after DATA (RFC 5321 §4.5.2): every line ends in
 * CRLF, a line that starts with '.' gets a second one, and a line holding
 * only '.' ends it. Messages built by tidings already end lines in CRLF, so
 * the common case is one native search for "\n." and no copy: the payload
 * is the message's own bytes and the terminator, pieces that the
 * connection writes in one go (one writev). Bare LFs or CRs are mended on a
 * slower path. `knownCrlf` skips looking for them (the caller vouches for
 * its line endings).
 */
const CR = 13;
const LF = 10;
const DOT = 46;
const END = Buffer.from('.\r\n');
const CRLF_END = Buffer.from('\r\n.\r\n');
const DOT_BYTE = Buffer.from('.');

/** The pieces of a message after DATA, in order; the connection writes them together. */
export type DataPayload = readonly Buffer[];

/** How many bytes a payload has (for SIZE=). */
export function payloadLength(payload: DataPayload): number {
  let length = 0;
  for (const piece of payload) length += piece.length;
  return length;
}

export function dataPayload(message: Buffer, options: { knownCrlf?: boolean } = {}): DataPayload {
  if (options.knownCrlf === true || !hasBareLineBreak(message)) return stuffed(message);
  return stuffed(normaliseLineBreaks(message));
}

/** CRLF-terminated lines in, stuffed and terminated out, as pieces of the message (not copies). */
function stuffed(message: Buffer): DataPayload {
  const parts: Buffer[] = [];
  let from = 0;
  if (message[0] === DOT) parts.push(DOT_BYTE);
  for (let at = message.indexOf('\n.'); at !== -1; at = message.indexOf('\n.', at + 2)) {
    // Up to and with the LF, then an extra dot; the line's own dot follows in the next part.
    parts.push(message.subarray(from, at + 1), DOT_BYTE);
    from = at + 1;
  }
  parts.push(message.subarray(from));
  const endsInLineBreak = message.length >= 2 && message[message.length - 2] === CR && message[message.length - 1] === LF;
  parts.push(endsInLineBreak || message.length === 0 ? END : CRLF_END);
  return parts;
}

/** True when some CR is not followed by LF or some LF not preceded by CR. */
function hasBareLineBreak(message: Buffer): boolean {
  for (let at = message.indexOf(LF); at !== -1; at = message.indexOf(LF, at + 1)) {
    if (at === 0 || message[at - 1] !== CR) return true;
  }
  for (let at = message.indexOf(CR); at !== -1; at = message.indexOf(CR, at + 1)) {
    if (message[at + 1] !== LF) return true;
  }
  return false;
}

/** Every CR, LF or CRLF becomes CRLF. */
function normaliseLineBreaks(message: Buffer): Buffer {
  const out = Buffer.allocUnsafe(message.length * 2);
  let length = 0;
  for (let i = 0; i < message.length; i++) {
    const byte = message[i] as number;
    if (byte === CR || byte === LF) {
      out[length++] = CR;
      out[length++] = LF;
      if (byte === CR && message[i + 1] === LF) i += 1;
      continue;
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}
