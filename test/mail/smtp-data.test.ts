import { describe, expect, it } from 'vitest';
import { dataPayload } from '../../src/mail/smtp/data.js';
import { ReplyReader, type SmtpReply } from '../../src/mail/smtp/reply.js';

/** The payload as it goes on the wire: its pieces one after the other. */
const wire = (message: Buffer, options?: { knownCrlf?: boolean }): Buffer => Buffer.concat(dataPayload(message, options));
const payload = (text: string, options?: { knownCrlf?: boolean }) => wire(Buffer.from(text, 'latin1'), options).toString('latin1');

/** What a relay makes of a payload (RFC 5321 §4.5.2): the terminator taken off, one leading dot taken off each line that has one. */
function unstuff(wire: Buffer): Buffer {
  const text = wire.toString('latin1');
  let body: string;
  if (text === '.\r\n') body = '';
  else {
    expect(text.endsWith('\r\n.\r\n'), 'the payload ends in CRLF . CRLF').toBe(true);
    body = text.slice(0, -3);
  }
  expect(/\r(?!\n)|(?<!\r)\n/.test(body), 'no bare CR or LF goes on the wire').toBe(false);
  const lines = body === '' ? [] : body.slice(0, -2).split('\r\n');
  const restored = lines.map((line) => {
    // A line that starts with a dot and is not doubled would end the message early or lose its dot.
    if (line.startsWith('.')) {
      expect(line.startsWith('..'), `line ${JSON.stringify(line)} is stuffed`).toBe(true);
      return line.slice(1);
    }
    return line;
  });
  return Buffer.from(lines.length === 0 ? '' : `${restored.join('\r\n')}\r\n`, 'latin1');
}

/** The message as it should arrive: every CR, LF or CRLF a CRLF, and a last CRLF when it had none. */
function expectedArrival(message: string): string {
  const crlf = message.replace(/\r\n|\r|\n/g, '\r\n');
  return crlf === '' || crlf.endsWith('\r\n') ? crlf : `${crlf}\r\n`;
}

/** mulberry32: a small seeded PRNG, so that a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('dataPayload', () => {
  it('copies nothing of a message without dot lines: the message itself, then the terminator', () => {
    const message = Buffer.from('Subject: hi\r\n\r\nbody\r\n', 'latin1');
    const pieces = dataPayload(message, { knownCrlf: true });
    expect(pieces).toHaveLength(2);
    expect(pieces[0]?.buffer).toBe(message.buffer);
    expect(Buffer.concat(pieces).toString('latin1')).toBe('Subject: hi\r\n\r\nbody\r\n.\r\n');
  });

  it('doubles a dot that starts the first line', () => {
    expect(payload('.hidden\r\nnext\r\n')).toBe('..hidden\r\nnext\r\n.\r\n');
  });

  it('doubles a dot that starts a later line, and leaves dots elsewhere alone', () => {
    expect(payload('a.b\r\n.c\r\nd.\r\n...e\r\n')).toBe('a.b\r\n..c\r\nd.\r\n....e\r\n.\r\n');
  });

  it('doubles a line that is only a dot, so that it does not end the message early', () => {
    expect(payload('before\r\n.\r\nafter\r\n')).toBe('before\r\n..\r\nafter\r\n.\r\n');
    expect(payload('.\r\n')).toBe('..\r\n.\r\n');
    expect(payload('.')).toBe('..\r\n.\r\n');
    expect(payload('a\r\n.')).toBe('a\r\n..\r\n.\r\n');
  });

  it('ends the message with exactly one CRLF . CRLF, whether or not it ended in CRLF', () => {
    expect(payload('Subject: x\r\n\r\nbody\r\n')).toBe('Subject: x\r\n\r\nbody\r\n.\r\n');
    expect(payload('Subject: x\r\n\r\nbody')).toBe('Subject: x\r\n\r\nbody\r\n.\r\n');
    // An empty last line is kept: it is part of the message.
    expect(payload('body\r\n\r\n')).toBe('body\r\n\r\n.\r\n');
  });

  it('turns bare LF and bare CR into CRLF', () => {
    expect(payload('a\nb\rc\r\nd\n')).toBe('a\r\nb\r\nc\r\nd\r\n.\r\n');
    expect(payload('a\n\nb')).toBe('a\r\n\r\nb\r\n.\r\n');
    expect(payload('a\r\rb\r')).toBe('a\r\n\r\nb\r\n.\r\n');
    // LF CR is two line breaks, not one.
    expect(payload('a\n\rb')).toBe('a\r\n\r\nb\r\n.\r\n');
    // A dot after a mended line break is still at the start of a line.
    expect(payload('a\n.b\r.\n')).toBe('a\r\n..b\r\n..\r\n.\r\n');
    expect(payload('\n.x')).toBe('\r\n..x\r\n.\r\n');
  });

  it('sends an empty message as the terminator alone', () => {
    expect(payload('')).toBe('.\r\n');
    expect(payload('\r\n')).toBe('\r\n.\r\n');
    expect(payload('\n')).toBe('\r\n.\r\n');
  });

  it('leaves bytes of 0x80 and above (and NUL) as they are', () => {
    // 0xae is '.' | 0x80 and 0x8a/0x8d are LF/CR | 0x80: none of them is a dot or a line break.
    const bytes = Buffer.from([0xae, 0x41, 0x8a, 0xae, 0x8d, 0x00, 0xff, 0x0d, 0x0a, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x80, 0x0d, 0x0a]);
    expect(wire(bytes)).toEqual(Buffer.concat([bytes, Buffer.from('.\r\n')]));
    const utf8 = Buffer.from('Grüße, Jörg — ☃\r\n.début\r\n', 'utf8');
    expect(wire(utf8).toString('utf8')).toBe('Grüße, Jörg — ☃\r\n..début\r\n.\r\n');
  });

  it('gives the same bytes when the caller vouches for CRLF line endings', () => {
    const message = '.a\r\nb\r\n.\r\n\r\nc';
    expect(payload(message, { knownCrlf: true })).toBe(payload(message));
  });

  it('round-trips: a relay un-stuffing the payload gets the CRLF-normalised message back (400 random messages)', () => {
    const pieces = ['.', '..', 'a', '', '\r', '\n', '\r\n', '.\r\n', '\xe9'];
    const random = prng(20_240_521);
    for (let n = 0; n < 400; n++) {
      const length = Math.floor(random() * 24);
      const message = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)] ?? '').join('');
      const arrived = unstuff(wire(Buffer.from(message, 'latin1'))).toString('latin1');
      expect(arrived, `message #${n}: ${JSON.stringify(message)}`).toBe(expectedArrival(message));
    }
  });
});

describe('ReplyReader', () => {
  const codes = (replies: SmtpReply[]) => replies.map((r) => r.code);

  it('reads a one-line reply, with its enhanced status code', () => {
    const [reply, ...rest] = new ReplyReader().push(Buffer.from('250 2.0.0 Ok: queued as 4F2A\r\n'));
    expect(rest).toEqual([]);
    expect(reply).toEqual({ code: 250, enhanced: '2.0.0', lines: ['2.0.0 Ok: queued as 4F2A'], text: '250 2.0.0 Ok: queued as 4F2A' });
  });

  it('gathers a multi-line reply (250-… then 250 …) into one, and only once its last line has come', () => {
    const reader = new ReplyReader();
    expect(reader.push(Buffer.from('250-mx.example.org Hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n'))).toEqual([]);
    const replies = reader.push(Buffer.from('250 AUTH PLAIN LOGIN\r\n'));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.code).toBe(250);
    expect(replies[0]?.lines).toEqual(['mx.example.org Hello', 'PIPELINING', 'SIZE 10240000', 'AUTH PLAIN LOGIN']);
    expect(replies[0]?.text).toBe('250 mx.example.org Hello PIPELINING SIZE 10240000 AUTH PLAIN LOGIN');
  });

  it('reads several replies in one chunk, in order', () => {
    const replies = new ReplyReader().push(Buffer.from('250 2.1.0 Ok\r\n550 5.1.1 <x@example.org>: no such user\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n'));
    expect(codes(replies)).toEqual([250, 550, 250, 354]);
    expect(replies.map((r) => r.enhanced)).toEqual(['2.1.0', '5.1.1', '2.1.5', undefined]);
  });

  it('reads the same replies however the bytes are split', () => {
    const stream = Buffer.from(
      '220 mx.example.org ESMTP\r\n250-mx.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n250 2.1.0 Ok\r\n451-4.3.0 Try\r\n451 4.3.0 again\r\n221 Bye\r\n',
    );
    const whole = new ReplyReader().push(stream);
    expect(codes(whole)).toEqual([220, 250, 250, 451, 221]);
    expect(whole[3]?.lines).toEqual(['4.3.0 Try', '4.3.0 again']);
    for (let at = 0; at <= stream.length; at++) {
      const reader = new ReplyReader();
      const split = [...reader.push(stream.subarray(0, at)), ...reader.push(stream.subarray(at))];
      expect(split, `split at byte ${at}`).toEqual(whole);
    }
    const reader = new ReplyReader();
    const byByte = [...stream].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(byByte).toEqual(whole);
  });

  it('takes a reply ended by a bare LF, and a code with no text', () => {
    const replies = new ReplyReader().push(Buffer.from('250 ok\n220\r\n'));
    expect(replies.map((r) => [r.code, r.text])).toEqual([
      [250, '250 ok'],
      [220, '220'],
    ]);
  });

  it('finds an enhanced status code only at the start of the text', () => {
    const enhanced = (line: string) => new ReplyReader().push(Buffer.from(`${line}\r\n`))[0]?.enhanced;
    expect(enhanced('550 5.1.1 <x@example.org>: Recipient address rejected')).toBe('5.1.1');
    expect(enhanced('550 5.1.10 null MX')).toBe('5.1.10');
    expect(enhanced('421 4.7.0 Too many connections')).toBe('4.7.0');
    expect(enhanced('421 Service not available, closing channel 4.7.0')).toBeUndefined();
    expect(enhanced('250 12.0.0 not one')).toBeUndefined();
    expect(enhanced('250 3.0.0 not a class')).toBeUndefined();
    expect(enhanced('250 2.0.0x')).toBeUndefined();
  });

  it('throws on a line that is not an SMTP reply', () => {
    expect(() => new ReplyReader().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(/not an SMTP reply/);
    expect(() => new ReplyReader().push(Buffer.from('25 short\r\n'))).toThrow(/not an SMTP reply/);
    expect(() => new ReplyReader().push(Buffer.from('250 ok\r\nhello\r\n'))).toThrow(/"hello"/);
    expect(() => new ReplyReader().push(Buffer.from('250+ok\r\n'))).toThrow(/not an SMTP reply/);
  });

  it('throws on an endless line rather than buffering it forever', () => {
    const reader = new ReplyReader();
    expect(() => {
      for (let i = 0; i < 100; i++) reader.push(Buffer.alloc(1024, 0x32));
    }).toThrow(/over \d+ bytes/);
  });
});
