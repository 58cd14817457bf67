import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { readMarkdown } from '../../src/sources/markdown.js';
import { readPostDate } from '../../src/sources/shared/dates.js';

function fixturePath(name: string): string {
  return `test/fixtures/markdown/${name}`;
}

function read(name: string) {
  const path = fixturePath(name);
  const text = readFileSync(new URL(`../fixtures/markdown/${name}`, import.meta.url), 'utf8');
  return { text, result: readMarkdown({ path, text }) };
}

function errors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

describe('readMarkdown: posts that land', () => {
  it('reads a date-only post: date kept as YYYY-MM-DD, tags given as a comma list, body untouched', () => {
    const { text, result } = read('valid/date-only.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts).toEqual([
      {
        source: {
          file: fixturePath('valid/date-only.md'),
          format: 'markdown',
          line: 1,
          slot: 'file',
          hash: createHash('sha256').update(text).digest('hex'),
        },
        title: 'Threshold decisions in the family courts',
        published: '2019-07-31',
        sequence: 0,
        themes: ['courts', 'family policy'],
        summary: 'Why the threshold matters.',
        body: {
          kind: 'markdown',
          markdown: '\nThe **threshold** for care proceedings is set out in section 31.\n',
        },
      },
    ]);
  });

  it('reads a date-time with its offset, updated, id, slug, a themes list and the author', () => {
    const { result } = read('valid/date-time.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({
      title: 'Serious case reviews: what changed',
      published: '2019-07-31T10:30:00+01:00',
      updated: '2019-08-02T09:00:00Z',
      explicitId: 'scr-2019-07',
      slug: 'serious-case-reviews',
      themes: ['reviews', 'policy'],
      author: 'A. Writer',
      body: { kind: 'markdown', markdown: 'Body text.\n' },
    });
  });

  it('normalises a Jekyll-style "YYYY-MM-DD HH:MM:SS +0000" date to ISO 8601 with the same offset', () => {
    const { result } = read('valid/jekyll-style.md');
    expect(result.posts[0]?.published).toBe('2015-03-02T14:05:00+00:00');
    expect(result.posts[0]?.themes).toEqual(['archive']);
  });

  it('keeps a draft as a draft, an untitled post with title null, and an id exactly as written (0042)', () => {
    const { result } = read('valid/draft.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts).toHaveLength(1);
    expect(result.posts[0]).toMatchObject({ draft: true, title: null, explicitId: '0042', published: '2019-08-01' });
  });

  it('reads a file written with CRLF line endings', () => {
    const { result } = read('valid/crlf.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({ title: 'Written on Windows', published: '2019-08-06' });
  });

  it('reads categories and tag as tags, the Hugo and Jekyll way', () => {
    const { result } = read('valid/unknown-key.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]?.themes).toEqual(['policy', 'courts']);
  });

  it('reads a date-time without an offset as a local time, for the site time zone to place', () => {
    const { result } = read('valid/no-offset.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]?.published).toBe('2019-07-31T10:30:00');
  });

  it('hands hostile markup through as data and does not expand a YAML alias bomb', () => {
    const { result } = read('valid/hostile.md');
    expect(errors(result.diagnostics)).toEqual([]);
    expect(result.posts[0]?.title).toBe("<script>alert('title')</script>");
    expect(result.posts[0]?.body).toEqual({
      kind: 'markdown',
      markdown: "<script>alert('body')</script>\n<img src=x onerror=\"alert(1)\">\n[click](javascript:alert(1))\n",
    });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('readMarkdown: what is rejected, and where', () => {
  const cases: Array<[file: string, line: number, message: string]> = [
    ['invalid/broken-yaml.md', 3, 'front matter is not valid YAML'],
    ['invalid/unterminated.md', 1, 'front matter is not closed'],
    ['invalid/missing-date.md', 1, 'front matter has no date'],
    ['invalid/impossible-date.md', 3, 'date "2019-02-31" is not a valid date'],
    ['invalid/yesterday.md', 4, 'date "yesterday" is not a valid date'],
    ['invalid/no-front-matter.md', 1, 'no front matter'],
  ];

  it.each(cases)('%s: no post, one error at line %i', (file, line, message) => {
    const { result } = read(file);
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ file: fixturePath(file), line, severity: 'error', message: expect.stringContaining(message) }),
    ]);
    expect(result.diagnostics[0]?.hint).toBeTruthy();
  });

  it('tells the author to quote a value containing ": "', () => {
    const { result } = read('invalid/broken-yaml.md');
    expect(result.diagnostics[0]?.hint).toContain('quotes');
  });

  it('reports every wrongly typed value at its own line (title: [1, 2], draft: maybe)', () => {
    const { result } = read('invalid/wrong-type.md');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ line: 2, severity: 'error', message: 'title must be text, not a list' }),
      expect.objectContaining({ line: 4, severity: 'error', message: 'draft must be true or false' }),
    ]);
  });

  it('never runs `---js` front matter as code', () => {
    const { result } = read('invalid/js-front-matter.md');
    expect((globalThis as Record<string, unknown>).__tidingsFrontMatterRan).toBeUndefined();
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ line: 1, severity: 'error', message: expect.stringContaining('"js" is not read') }),
    ]);
  });

  it('reports a duplicated key at the repeated line', () => {
    const result = readMarkdown({ path: 'dup.md', text: '---\ndate: 2019-07-31\ntitle: A\ntitle: B\n---\n' });
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 4, severity: 'error' })]);
  });

  it('points at the date line when the date is present but empty', () => {
    const result = readMarkdown({ path: 'empty.md', text: '---\ntitle: A\ndate:\n---\nBody\n' });
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'error', message: 'date is empty' })]);
  });

  it('does not mutate its input', () => {
    const file = Object.freeze({ path: 'x.md', text: '---\ndate: 2019-07-31\n---\nBody\n' });
    expect(() => readMarkdown(file)).not.toThrow();
    expect(readMarkdown(file).posts).toHaveLength(1);
  });
});

describe('readPostDate', () => {
  it.each([
    ['2019-07-31', '2019-07-31'],
    ['2019-07-31T10:30:00+01:00', '2019-07-31T10:30:00+01:00'],
    ['2019-07-31T10:30Z', '2019-07-31T10:30:00Z'],
    ['2019-07-31 10:30:00 -0500', '2019-07-31T10:30:00-05:00'],
    ['2019-07-31T10:30:00.250+05:30', '2019-07-31T10:30:00.250+05:30'],
    ['2020-02-29', '2020-02-29'],
    ['2019-7-3', '2019-07-03'],
    ['2019-04-25 9:00:00 +0100', '2019-04-25T09:00:00+01:00'],
    ['2019-04-25 09:00:00 UTC', '2019-04-25T09:00:00Z'],
    ['2019-04-25T09:00:00.000+01', '2019-04-25T09:00:00+01:00'],
  ])('reads %s as %s', (written, value) => {
    expect(readPostDate(written)).toEqual({ ok: true, value });
  });

  it.each([['2019-02-31'], ['2019-02-29'], ['2019-13-01'], ['yesterday'], ['31/07/2019'], ['2019-07-31T25:00:00Z'], ['']])(
    'rejects %j',
    (written) => {
      expect(readPostDate(written)).toEqual({ ok: false, reason: 'invalid' });
    },
  );

  it('tells a date-time without an offset from an invalid one', () => {
    expect(readPostDate('2019-07-31T10:30:00')).toEqual({ ok: false, reason: 'no-offset' });
    expect(readPostDate('2019-07-31T24:30:00')).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['2011-04-27 22:00:00', '2011-04-27T22:00:00'],
    ['2019-04-25 9:00:00', '2019-04-25T09:00:00'],
    ['2026-11-25 18:00', '2026-11-25T18:00:00'],
    ['2026-11-25T18:00:00.000', '2026-11-25T18:00:00'],
  ])('with allowLocal, reads %s as the local date-time %s (front matter)', (written, value) => {
    expect(readPostDate(written, { allowLocal: true })).toEqual({ ok: true, value });
  });
});
