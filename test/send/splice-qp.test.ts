import { Encoder } from 'nodemailer/lib/qp';
import { describe, expect, it } from 'vitest';
import { compileQpTemplate, wireText, type HoledText, type QpTemplate, type WirePiece } from '../../src/mail/splice-qp.js';

/** What nodemailer writes for a text part: its QP encoder stream, then LF to CRLF. */
async function nodemailerQp(text: string): Promise<string> {
  const encoder = new Encoder();
  const chunks: Buffer[] = [];
  encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => encoder.on('end', resolve));
  encoder.end(Buffer.from(text, 'utf8'));
  await done;
  return Buffer.concat(chunks).toString('latin1').replace(/(?<!\r)\n/g, '\r\n');
}

function filled(template: QpTemplate | null, values: readonly string[]): string {
  const pieces: WirePiece[] = [];
  template?.fill(values, pieces);
  return wireText(pieces);
}

function join(text: HoledText, values: readonly string[]): string {
  let out = text.pieces[0] ?? '';
  text.holes.forEach((hole, i) => (out += (values[hole] ?? '') + (text.pieces[i + 1] ?? '')));
  return out;
}

/** A small deterministic random generator, so a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const ALPHABET = ['a', 'b', 'c', 'x', ' ', ' ', ' ', '\n', '.', ',', '=', 'é', '—', '😀', '<', '>', '"', '\t', '?', '!', '読'];

function randomText(rnd: (n: number) => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    // Long runs without a line break, now and then, like MJML's style blocks.
    if (rnd(40) === 0) out += 'y'.repeat(rnd(200));
    out += ALPHABET[rnd(ALPHABET.length)];
  }
  return out;
}

function randomValue(rnd: (n: number) => number): string {
  const kinds = [
    () => 'Ann',
    () => `https://example.org/unsubscribe?token=${'Ab9_-'.repeat(1 + rnd(40)).slice(0, 5 + rnd(180))}`,
    () => 'Zoë Ångström — 読者 😀'.slice(0, 1 + rnd(18)).trim() || 'Z',
    () => 'x'.repeat(1 + rnd(150)),
    () => `a${'=.,!? '.repeat(1 + rnd(20))}z`,
  ];
  return (kinds[rnd(kinds.length)] as () => string)();
}

describe('compileQpTemplate', () => {
  it('fills holes exactly as nodemailer encodes the whole text, for random texts and values', async () => {
    const rnd = random(20240603);
    let compared = 0;
    for (let round = 0; round < 60; round++) {
      const holeCount = 1 + rnd(6);
      const pieces = Array.from({ length: holeCount + 1 }, () => randomText(rnd, rnd(3) === 0 ? rnd(40) : 100 + rnd(2000)));
      // Keep the last piece ending in a line break, like the rendered parts.
      pieces[holeCount] = `${pieces[holeCount]}\n`;
      const text: HoledText = { pieces, holes: Array.from({ length: holeCount }, () => rnd(3)) };
      const template = compileQpTemplate(text, ['T', 'https://example.org/u?t=1', 'Sam']);
      if (template === null) {
        // Only a text of a few lines is left to nodemailer whole.
        expect(join(text, ['T', 'https://example.org/u?t=1', 'Sam']).length, `round ${round}`).toBeLessThan(160);
        continue;
      }
      for (let r = 0; r < 8; r++) {
        const values = [randomValue(rnd), randomValue(rnd), randomValue(rnd)];
        expect(filled(template, values), `round ${round}, values ${JSON.stringify(values)}`).toBe(await nodemailerQp(join(text, values)));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(400);
  });

  it('handles holes next to each other, at the very start and right before the end', async () => {
    const text: HoledText = { pieces: ['', '', ` and ${'word '.repeat(40)}`, 'x'.repeat(300), '\n'], holes: [0, 1, 2, 0] };
    const template = compileQpTemplate(text, ['a', 'b', 'c']);
    for (const values of [['Ann', 'https://e.org/?t=1', 'Zoë'], ['x'.repeat(200), 'y', 'z'.repeat(77)]]) {
      expect(filled(template, values)).toBe(await nodemailerQp(join(text, values)));
    }
  });

  it('encodes a body over nodemailer’s 64 KiB slice as nodemailer does (whole, not spliced)', async () => {
    const rnd = random(7);
    const text: HoledText = { pieces: [randomText(rnd, 30_000), randomText(rnd, 36_000), 'end\n'], holes: [0, 1] };
    const template = compileQpTemplate(text, ['a', 'b']);
    for (const values of [['Ann', 'Bob'], ['é'.repeat(2000), 'x'.repeat(3000)]]) {
      expect(filled(template, values)).toBe(await nodemailerQp(join(text, values)));
    }
  });

  it('refuses a text it cannot splice and a value that cannot go in a hole', () => {
    expect(compileQpTemplate({ pieces: ['a\r\nb', 'c\n'], holes: [0] }, ['x'])).toBeNull();
    expect(compileQpTemplate({ pieces: ['short ', '\n'], holes: [0] }, ['x'])).toBeNull();
    const template = compileQpTemplate({ pieces: ['long '.repeat(100), ' text\n'], holes: [0] }, ['x']);
    expect(() => filled(template, [' padded '])).toThrow(/cannot go in a hole/);
    expect(() => filled(template, ['line\nbreak'])).toThrow(/cannot go in a hole/);
  });
});
