/**
 * SMTP replies (RFC 5321 §4.2): a three-digit code, then '-' on every line
 * but the last of a multi-line reply, then text. Replies are read off a
 * byte stream that may split them anywhere. Every line of a reply must
 * carry the same code (§4.2.1); a reply that breaks the grammar is an error
 * quoting it. Text is read as UTF-8 (RFC 6531 relays answer in it), so a
 * relay's words reach the error and the delivery log intact.
 */
export interface SmtpReply {
  readonly code: number;
  /** The enhanced status code (RFC 3463) the reply starts with, e.g. '2.0.0'. */
  readonly enhanced?: string;
  /** The lines' texts, without code and separator. */
  readonly lines: readonly string[];
  /** The reply as the relay sent it, lines joined by a space: for logs and errors. */
  readonly text: string;
}

const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})\b/;
const NON_ASCII = /[^\p{ASCII}]/u;
/** A reply line longer than this is not SMTP (RFC 5321 allows 512 octets). */
const MAX_LINE = 16 * 1024;

/** Collects bytes and hands back each reply once its last line has come. */
export class ReplyReader {
  private pending = '';
  private lines: string[] = [];
  /** The code of the reply being read, once its first line has come. */
  private code = '';

  /** The replies completed by `chunk`, in order. Throws on a line that is not a reply. */
  push(chunk: Buffer): SmtpReply[] {
    this.pending += chunk.toString('latin1');
    const replies: SmtpReply[] = [];
    let start = 0;
    for (let end = this.pending.indexOf('\n', start); end !== -1; end = this.pending.indexOf('\n', start)) {
      const line = this.pending.slice(start, this.pending[end - 1] === '\r' ? end - 1 : end);
      start = end + 1;
      const reply = this.line(line);
      if (reply !== null) replies.push(reply);
    }
    this.pending = this.pending.slice(start);
    if (this.pending.length > MAX_LINE) throw new Error(`the relay sent a line of over ${MAX_LINE} bytes: not an SMTP reply`);
    return replies;
  }

  private line(line: string): SmtpReply | null {
    const match = /^(\d{3})([ -]|$)(.*)$/.exec(line);
    if (match === null) throw new Error(`the relay sent a line that is not an SMTP reply: ${JSON.stringify(Buffer.from(line.slice(0, 120), 'latin1').toString('utf8'))}`);
    const [, digits = '', separator = '', raw = ''] = match;
    // Split as latin1 (byte-safe), read as UTF-8.
    const text = NON_ASCII.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
    if (this.lines.length > 0 && digits !== this.code) {
      throw new Error(`the relay sent a reply whose lines carry different codes (${this.code}, then ${digits}): ${JSON.stringify([...this.lines.map((l) => `${this.code}-${l}`), `${digits}${separator}${text}`].join('\n').slice(0, 300))}`);
    }
    this.code = digits;
    this.lines.push(text);
    if (separator === '-') return null;
    const lines = this.lines;
    this.lines = [];
    const enhanced = ENHANCED.exec(lines[0] ?? '')?.[1];
    return { code: Number(digits), ...(enhanced === undefined ? {} : { enhanced }), lines, text: `${digits} ${lines.join(' ')}`.trim() };
  }
}
