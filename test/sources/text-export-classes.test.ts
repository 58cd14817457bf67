/**
 * The two failure classes of issue 15, item 6, on inputs written for them:
 * a date inside a hard-wrapped paragraph is text, and a quotation with its
 * source in brackets is a title, when long and under a date's second post.
 */
import { describe, expect, it } from 'vitest';
import { readTextExport } from '../../src/sources/text-export.js';

function read(text: string): { date: string; title: string | null; body: string }[] {
  const result = readTextExport({ path: 'x.txt', text });
  return result.posts.map((p) => ({
    date: p.published,
    title: p.title,
    body: p.body.kind === 'blocks' ? p.body.blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.items.join(' / '))).join(' ¶ ') : '',
  }));
}

describe('a date line inside a hard-wrapped paragraph', () => {
  it('is part of the paragraph (text lines right above and below it), not a date header', () => {
    const posts = read(
      [
        'Monday, 3 March 2025',
        '',
        'Rain',
        '',
        'The river rose higher than it did on',
        '14 February 2014',
        'when the footbridge went under.',
        '',
        'We walked home the long way.',
        '',
      ].join('\n'),
    );
    expect(posts).toEqual([
      {
        date: '2025-03-03',
        title: 'Rain',
        body: 'The river rose higher than it did on 14 February 2014 when the footbridge went under. ¶ We walked home the long way.',
      },
    ]);
  });

  it('is still a header with a blank line on one side of it', () => {
    const posts = read(['3 March 2025', 'Rain', '', 'It rained.', '', 'It rained more.', '4 March 2025', '', 'Dry at last.', ''].join('\n'));
    expect(posts.map((p) => [p.date, p.title])).toEqual([
      ['2025-03-03', 'Rain'],
      ['2025-03-04', null],
    ]);
  });
});

describe('a quotation with its source in brackets', () => {
  const long =
    '“We shall not cease from exploration, and the end of all our exploring will be to arrive where we started and know the place for the first time, again and again and again.” [T. S. Eliot, Little Gidding]';

  it('is the title right after the date line, however long', () => {
    const posts = read(['Tuesday, 4 March 2025', '', long, '', 'I read this on the train.', ''].join('\n'));
    expect(posts.map((p) => [p.title, p.body])).toEqual([[long, 'I read this on the train.']]);
  });

  it('starts the second post under one date, short or long', () => {
    const short = '“Less is more.” [Mies]';
    const posts = read(
      ['Tuesday, 4 March 2025', '', 'Trains', '', 'The 8:10 was late again.', '', short, '', 'A tidy desk today.', '', long, '', 'Back to the start.', ''].join('\n'),
    );
    expect(posts.map((p) => [p.title, p.body])).toEqual([
      ['Trains', 'The 8:10 was late again.'],
      [short, 'A tidy desk today.'],
      [long, 'Back to the start.'],
    ]);
  });

  it('is not a title when it is the whole post or a quotation inside running text', () => {
    const posts = read(['4 March 2025', '', 'Notes', '', 'As she said:', '“Less is more.” [Mies]', 'and I agree.', ''].join('\n'));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.title).toBe('Notes');
  });
});
