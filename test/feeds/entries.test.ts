import { describe, expect, it } from 'vitest';
import { entryId, postEntries } from '../../src/feeds/index.js';
import { makeConfig, makePost } from './fixtures.js';

describe('postEntries', () => {
  const config = makeConfig();

  it('leaves out a post that cannot make a valid entry, says why, and keeps the rest', () => {
    const good = makePost(1);
    const badUrl = makePost(2, { url: 'javascript:alert(1)' });
    const badDate = makePost(3, { published: 'the third of never' });
    const { entries, problems } = postEntries([good, badUrl, badDate], config);
    expect(entries.map((e) => e.id)).toEqual([entryId('post', good.id)]);
    expect(problems).toEqual([
      expect.stringMatching(/^post p00002 .* left out of the feeds: its url "javascript:alert\(1\)" is not an http\(s\) URL$/),
      expect.stringMatching(/^post p00003 .* left out of the feeds: not an ISO 8601 date-time: "the third of never"$/),
    ]);
  });

  it('names categories after the themes, primary first, and keeps an unknown theme by its slug', () => {
    const [entry] = postEntries([makePost(1, { themes: ['policy', 'retired-theme', 'policy'] })], config).entries;
    expect(entry?.categories).toEqual(['Ministers <and> policy', 'retired-theme']);
  });

  it('fills what a feed requires: author from the site, a title, and an update no earlier than publication', () => {
    const [entry] = postEntries([makePost(1, { author: '  ', title: '\u0007', updated: '2000-01-01T00:00:00.000Z' })], config).entries;
    expect(entry?.author).toBe('Chris Mills');
    expect(entry?.title).toBe('Untitled');
    expect(entry?.updated).toBe(entry?.published);
  });

  it('builds ids from the post id alone, as valid tag URIs whatever the id holds', () => {
    const [entry] = postEntries([makePost(1, { id: 'a b/ç?#' })], config).entries;
    expect(entry?.id).toBe('tag:tidings,2024:post/a%20b%2F%C3%A7%3F%23');
  });
});

describe('an entry read late', () => {
  const config = makeConfig();
  // Title, author, categories and summary are cleaned when first read (entries.ts): the same text as cleaning them first.
  const awkward = [
    makePost(1, { themes: ['policy'], title: ' \u0007Tabs\tand\n\nnew lines  ', author: '\u0000', summary: 'A  summary\u0008 with\r\ncontrol', tags: [' Policy ', 'Extra\u0007 tag', 'extra TAG', ''] }),
    makePost(2, { title: '', author: 'Someone  Else', summary: '', themes: [] }),
  ];

  it('gives the cleaned fields, frozen, the same each time they are read', () => {
    const entries = postEntries(awkward, config).entries;
    const [second, first] = entries;
    expect(first && Object.isFrozen(first) && Object.isFrozen(first.categories)).toBe(true);
    expect({ ...first, contentHtml: '' }).toMatchObject({
      title: 'Tabs and new lines',
      author: 'Chris Mills',
      summary: 'A summary with control',
      categories: ['Ministers <and> policy', 'Extra tag'],
    });
    expect(first?.categories).toBe(first?.categories);
    expect({ title: second?.title, author: second?.author, summary: second?.summary, categories: second?.categories }).toEqual({ title: 'Untitled', author: 'Someone Else', summary: '', categories: [] });
  });
});
