import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { looksLikeTextExport, readTextExport } from '../../src/sources/text-export.js';
import { blocksOf, findPost, fixtureText, paragraphs, seedNames, seedText } from './text-export-helpers.js';

function read(text: string, path = 'blog.txt') {
  return readTextExport({ path, text });
}

function summary(text: string) {
  return read(text).posts.map((p) => ({ date: p.published, title: p.title, line: p.source.line, slot: p.source.slot }));
}

describe('line endings and byte order mark', () => {
  it.each(seedNames())('%s with CRLF, a BOM and no final newline reads exactly like the original', (name) => {
    const clean = seedText(name);
    const windows = `\ufeff${clean.replace(/\n/g, '\r\n').replace(/(\r\n)+$/, '')}`;
    expect(windows).not.toBe(clean);
    expect(read(windows, name)).toEqual(read(clean, name));
    expect(read(`${clean}\n`, name)).toEqual(read(clean, name));
  });

  it('reads old Mac CR line endings too', () => {
    const text = 'Wednesday, 31 July 2019\r\rA Title\r\rSome body text.\r';
    expect(summary(text)).toEqual([{ date: '2019-07-31', title: 'A Title', line: 3, slot: '2019-07-31#0' }]);
  });
});

describe('date lines', () => {
  it.each([
    'Wednesday, 31 July 2019',
    'Wednesday 31 July 2019',
    '31 July 2019',
    '31st July 2019',
    'Wed, 31 Jul 2019',
    'July 31, 2019',
    'Wednesday, July 31, 2019',
    '2019-07-31',
    '  WEDNESDAY, 31 JULY 2019\u00a0',
  ])('reads %j as 31 July 2019', (header) => {
    const result = read(`${header}\n\nA Title\n\nBody text.\n`);
    expect(result.posts.map((p) => p.published)).toEqual(['2019-07-31']);
    expect(result.diagnostics).toEqual([]);
  });

  it('leaves a sentence that contains a date in the body', () => {
    const text = [
      'Wednesday, 31 July 2019',
      '',
      'A Title',
      '',
      'On 31 July 2019 the report came out.',
      '',
      'Wednesday, 31 July 2019 was a dark day.',
      '',
      'The review was published 2019-07-31, a Wednesday.',
      '',
      'See you in July 2019.',
    ].join('\n');
    const result = read(text);
    expect(result.posts).toHaveLength(1);
    expect(paragraphs(result.posts[0])).toEqual([
      'On 31 July 2019 the report came out.',
      'Wednesday, 31 July 2019 was a dark day.',
      'The review was published 2019-07-31, a Wednesday.',
      'See you in July 2019.',
    ]);
  });

  it('reports an impossible date with its file:line, skips its posts and keeps the rest', () => {
    const text = 'Monday, 31 February 2019\n\nLost\n\nBody.\n\nFriday, 1 March 2019\n\nKept\n\nBody.\n';
    const result = read(text, 'exports/feb.txt');
    expect(summary(text).map((p) => p.title)).toEqual(['Kept']);
    expect(result.diagnostics).toHaveLength(1);
    const [problem] = result.diagnostics;
    expect(problem).toMatchObject({ file: 'exports/feb.txt', line: 1, severity: 'error' });
    expect(problem?.message).toContain('31 February 2019');
    expect(formatDiagnostic(problem!)).toMatch(/^exports\/feb\.txt:1: error: /);
  });

  it.each(['2019-13-01', '2019-02-29', '32 July 2019', '0 July 2019'])('treats %j as an impossible date', (header) => {
    const result = read(`${header}\n\nTitle\n\nBody.\n`);
    expect(result.posts).toEqual([]);
    expect(result.diagnostics.map((d) => [d.line, d.severity])).toEqual([[1, 'error']]);
  });

  it('accepts 29 February in a leap year', () => {
    expect(summary('Saturday, 29 February 2020\n\nLeap\n\nBody.').map((p) => p.date)).toEqual(['2020-02-29']);
  });

  it('keeps a post whose weekday does not match its date, with a warning', () => {
    const result = read('Monday, 31 July 2019\n\nA Title\n\nBody text.\n');
    expect(result.posts.map((p) => [p.published, p.title])).toEqual([['2019-07-31', 'A Title']]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 1, severity: 'warning' })]);
    expect(result.diagnostics[0]?.message).toContain('Wednesday');
  });

  it('numbers posts on the same date across repeated date lines, so slots stay unique', () => {
    const text = '31 July 2019\n\nFirst\n\nBody one.\n\n31 July 2019\n\nSecond\n\nBody two.\n';
    expect(summary(text).map((p) => p.slot)).toEqual(['2019-07-31#0', '2019-07-31#1']);
  });
});

describe('a hand-made export with many quirks (fixtures/text-export/quirks.txt)', () => {
  const result = read(fixtureText('quirks.txt'), 'quirks.txt');

  it('lands every readable post', () => {
    expect(result.posts.map((p) => ({ date: p.published, title: p.title, line: p.source.line, sequence: p.sequence }))).toEqual([
      { date: '2019-07-31', title: 'Plain Date Title', line: 12, sequence: 0 },
      { date: '2019-07-31', title: 'Second Post Of The Day', line: 23, sequence: 1 },
      { date: '2019-07-26', title: 'US Style Date', line: 32, sequence: 0 },
      { date: '2019-07-25', title: 'ISO Dated Post', line: 38, sequence: 0 },
      { date: '2019-07-24', title: 'Wrong Weekday', line: 44, sequence: 0 },
    ]);
  });

  it('reports each problem at its line', () => {
    expect(result.diagnostics.map((d) => [d.line, d.severity])).toEqual([
      [1, 'error'], // text before the first date line
      [4, 'error'], // 31 February
      [15, 'warning'], // <br>
      [18, 'warning'], // <!-- more -->
      [29, 'warning'], // comment over lines 29-31
      [42, 'warning'], // Tuesday, 24 July 2019 was a Wednesday
    ]);
    expect(result.diagnostics[0]?.message).toContain('lines 1-2');
  });

  it('drops stray markup lines but keeps the text around them and markup inside text', () => {
    const first = result.posts[0];
    expect(paragraphs(first)).toEqual([
      'A post under a date line without a weekday.',
      'It has a second paragraph after a lone break tag.',
      'On Wednesday, 31 July 2019 the report came out, and this sentence stays in the body.',
      'Wednesday, 31 July 2019 was a dark day for everyone.',
    ]);
    expect(paragraphs(result.posts[1])).toEqual(['Body of the second post under the same date, with <em>inline</em> markup kept.']);
    expect(result.posts.flatMap((p) => paragraphs(p)).join(' ')).not.toMatch(/draft notes|commented out|<br>|<!--/);
  });

  it('keeps a title-like last line in the body of the last post', () => {
    expect(paragraphs(result.posts[4]).at(-1)).toBe('Closing Words Without A Body');
  });
});

describe('bad input', () => {
  it.each(['', '   \n\n', '\u00a0\u00a0\r\n\t\r\n', '\ufeff'])('reports %j as an empty file at line 0', (text) => {
    const result = read(text, 'empty.txt');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ file: 'empty.txt', line: 0, severity: 'error', message: 'empty file' })]);
  });

  it('reports a file without any date line once, saying what a date line looks like', () => {
    const result = read('# A Markdown post\n\nWritten on 31 July 2019, but no date line.\n');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ line: 0, severity: 'error' });
    expect(`${result.diagnostics[0]?.message} ${result.diagnostics[0]?.hint}`).toContain('Wednesday, 31 July 2019');
  });

  it('skips text before the first date line with an error at its first line', () => {
    const result = read('\n\nStray intro line.\n\nWednesday, 31 July 2019\n\nA Title\n\nBody.\n');
    expect(result.posts.map((p) => p.title)).toEqual(['A Title']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'error' })]);
  });

  it('warns about a date line with no post under it', () => {
    const result = read('Wednesday, 31 July 2019\n\nTuesday, 30 July 2019\n\nA Title\n\nBody.\n');
    expect(result.posts.map((p) => p.published)).toEqual(['2019-07-30']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 1, severity: 'warning' })]);
  });
});

describe('hostile input', () => {
  it('reads a 5,000-character single line as body text (the test timeout catches a pattern that backtracks)', () => {
    const long = `${'word '.repeat(999)}end.`;
    expect(long.length).toBeGreaterThanOrEqual(4999);
    const withHeader = read(`Wednesday, 31 July 2019\n\n${long}`);
    expect(withHeader.posts).toHaveLength(1);
    expect(withHeader.posts[0]?.title).toBeNull();
    expect(paragraphs(withHeader.posts[0])).toEqual([long]);
    expect(read(long).diagnostics.map((d) => d.line)).toEqual([0]);
    const markupish = read(`31 July 2019\n\n${'<!-- --> '.repeat(600)}x`);
    expect(paragraphs(markupish.posts[0])[0]).toMatch(/x$/);
  });

  it('reads a file of only date lines as no posts, with one warning per date and no error', () => {
    const result = read('Wednesday, 31 July 2019\nTuesday, 30 July 2019\n\n2019-07-29\n');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics.map((d) => [d.line, d.severity])).toEqual([
      [1, 'warning'],
      [2, 'warning'],
      [4, 'warning'],
    ]);
  });

  it('keeps a short line at the end of the file, or right before a date line, in the body', () => {
    const text = [
      'Wednesday, 31 July 2019',
      '',
      'Only A Line',
      '',
      'Tuesday, 30 July 2019',
      '',
      'A Title',
      '',
      'Body text ends here.',
      '',
      'Looks Like A Title',
    ].join('\n');
    const result = read(text);
    expect(result.posts.map((p) => [p.published, p.title, p.source.line])).toEqual([
      ['2019-07-31', null, 3],
      ['2019-07-30', 'A Title', 7],
    ]);
    expect(paragraphs(result.posts[0])).toEqual(['Only A Line']);
    expect(paragraphs(result.posts[1])).toEqual(['Body text ends here.', 'Looks Like A Title']);
  });

  it('does not take a bullet, a lower-case line or a long line right after a date as the title', () => {
    for (const first of ['• first point', 'just some words', `A ${'very '.repeat(25)}long opening`]) {
      const result = read(`Wednesday, 31 July 2019\n\n${first}\n\nMore text.\n`);
      expect(result.posts[0]?.title, first).toBeNull();
    }
  });
});

describe('titles of second and later posts under one date', () => {
  function secondTitle(previous: string, candidate: string): string | null | undefined {
    const text = `Wednesday, 31 July 2019\n\nFirst Post\n\n${previous}\n\n${candidate}\n\nMore body text follows here.\n`;
    return read(text).posts[1]?.title;
  }

  it('starts a new post at a short phrase after a finished sentence', () => {
    expect(secondTitle('The first post ends here.', 'A Second Post')).toBe('A Second Post');
    expect(secondTitle('Did it end?', 'Is This Over?')).toBe('Is This Over?');
    expect(secondTitle('It ended.', 'More to come…')).toBe('More to come…');
    expect(secondTitle('It ended.', '(Un)intended Consequences')).toBe('(Un)intended Consequences');
  });

  it.each([
    ['the text before it does not finish a sentence', 'Email me on someone@example.org', 'Short Heading Line'],
    ['it is longer than twelve words', 'The first post ends here.', 'One two three four five six seven eight nine ten eleven twelve thirteen'],
    ['it ends with ? or ! and has more than five words', 'The first post ends here.', 'Why do we keep doing this again?'],
    ['it ends like a sentence', 'The first post ends here.', 'See you soon.'],
    ['it ends with a colon', 'The first post ends here.', 'The findings were these:'],
    ['it holds a URL', 'The first post ends here.', 'Read more at http://example.org/x'],
    ['it holds two sentences', 'The first post ends here.', 'It is over. Really over'],
    ['it is a parenthesised aside', 'The first post ends here.', '(Written on my phone)'],
    ['it is a footnote', 'The first post ends here.', '*Journal of Things 2000;3:1-2'],
    ['it is a table cell', 'The first post ends here.', '% Change'],
  ])('keeps a one-line paragraph in the body when %s', (_why, previous, candidate) => {
    const result = read(`Wednesday, 31 July 2019\n\nFirst Post\n\n${previous}\n\n${candidate}\n\nMore body text follows here.\n`);
    expect(result.posts).toHaveLength(1);
    expect(paragraphs(result.posts[0])).toEqual([previous, candidate, 'More body text follows here.']);
  });
});

describe('blocks', () => {
  it('reads - and * bullets, and wrapped bullet items, as one list', () => {
    const text = 'Wednesday, 31 July 2019\n\nLists\n\nWe need:\n- more staff\n- less paperwork and much less\ntime spent on forms\n* support\n\nThat is all.\n';
    const blocks = blocksOf(read(text).posts[0]);
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'We need:', line: 5 },
      { kind: 'list', items: ['more staff', 'less paperwork and much less time spent on forms', 'support'], line: 6 },
      { kind: 'paragraph', text: 'That is all.', line: 11 },
    ]);
  });

  it('does not join a line that ends a sentence to a lower-case next line', () => {
    const text = 'Wednesday, 31 July 2019\n\nA Title\n\nThe first line ends here.\nthe second starts lower-case.\n';
    expect(paragraphs(findPost(read(text).posts, '2019-07-31'))).toEqual(['The first line ends here.', 'the second starts lower-case.']);
  });
});

describe('looksLikeTextExport', () => {
  it('is true when a line is wholly a date, even an impossible one', () => {
    expect(looksLikeTextExport('intro\n\n31 July 2019\n\nbody')).toBe(true);
    expect(looksLikeTextExport('\ufeffMonday, 31 February 2019\r\nbody')).toBe(true);
  });

  it('is false for prose that only mentions dates, and for Markdown', () => {
    expect(looksLikeTextExport('On 31 July 2019 we met.\nAnother line.')).toBe(false);
    expect(looksLikeTextExport('---\ndate: 2019-07-31\ntitle: Hello\n---\n\n# Hello\n')).toBe(false);
    expect(looksLikeTextExport('')).toBe(false);
  });
});
