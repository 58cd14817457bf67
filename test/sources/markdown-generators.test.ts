/**
 * Markdown as Jekyll, Hugo and Eleventy write it (issue 15, item 1): TOML
 * and JSON front matter, capitalised keys, the generators' names for keys,
 * local dates, file-name dates, drafts and the keys that are not read.
 * The fixtures are ours, in the shapes those generators use.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../src/sources/markdown.js';

function read(name: string) {
  const path = `test/fixtures/markdown/generators/${name}`;
  return readMarkdown({ path, text: readFileSync(new URL(`../fixtures/markdown/generators/${name}`, import.meta.url), 'utf8') });
}

describe('readMarkdown: Jekyll posts', () => {
  it('reads a Jekyll post as it is: local date, categories and tags, excerpt, permalink, image; layout and comments quietly left', () => {
    const result = read('_posts/2011-04-27-harbour-lights.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({
      title: 'Harbour lights',
      published: '2011-04-27T22:00:00',
      themes: ['boats', 'night walks', 'travel'],
      summary: 'A walk along the quay after dark.',
      permalink: '/2011/04/harbour-lights/',
      image: '/assets/quay.jpg',
      slug: 'harbour-lights',
      ignoredKeys: ['layout', 'comments'],
    });
  });

  it('reads a single-digit hour, and a list of authors', () => {
    const result = read('_posts/2019-04-25-morning-tide.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({ published: '2019-04-25T09:00:00', author: 'Ann Example, Bo Sample', slug: 'morning-tide' });
  });

  it('takes the date and slug from the file name when the front matter has no date', () => {
    const result = read('_posts/2012-1-5-dated-by-its-name.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({ published: '2012-01-05', slug: 'dated-by-its-name' });
  });

  it('records published: false as a draft', () => {
    expect(read('_posts/2013-02-03-withheld.md').posts[0]).toMatchObject({ draft: true, published: '2013-02-03' });
  });

  it('still says a file with neither a date in its front matter nor in its name has no date', () => {
    const result = readMarkdown({ path: 'posts/undated.md', text: '---\ntitle: Undated\n---\nBody\n' });
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: 'error', message: 'front matter has no date', hint: expect.stringContaining('YYYY-MM-DD-title.md') })]);
  });
});

describe('readMarkdown: Hugo posts', () => {
  it('reads capitalised keys as Hugo does, without a warning', () => {
    const result = read('capitalised.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({
      title: 'Kites over the dunes',
      published: '2020-05-02T15:04:05+02:00',
      updated: '2020-05-03',
      themes: ['kites', 'beach', 'outdoors'],
      slug: 'kites-dunes',
      summary: 'Three kites, one afternoon.',
      ignoredKeys: ['toc', 'weight', 'aliases'],
    });
    expect(result.posts[0]?.draft).toBeUndefined();
  });

  it('reads TOML front matter between +++ lines, a local TOML date-time staying local', () => {
    const result = read('toml.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({
      title: 'First frost',
      published: '2026-11-25T18:00:00',
      updated: '2026-11-26T08:30:00Z',
      expires: '2030-01-01',
      themes: ['garden', 'winter', 'notes'],
      permalink: '/notes/first-frost/',
      author: 'Cy Writer',
      image: 'frost.jpg',
      ignoredKeys: ['weight', 'params'],
      body: { kind: 'markdown', markdown: 'The lawn was white before breakfast.\n' },
    });
  });

  it('reports broken TOML at its line in the file', () => {
    const result = read('broken.toml.md');
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line: 5, message: expect.stringContaining('not valid TOML') }),
    ]);
  });

  it('reads a JSON object at the top of the file as front matter', () => {
    const result = read('json.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.posts[0]).toMatchObject({
      title: 'Lanterns, in JSON',
      published: '2021-10-31T19:30:00',
      themes: ['autumn', 'lanterns'],
      summary: 'Front matter as a JSON object, as Hugo allows.',
      ignoredKeys: ['toc'],
      body: { kind: 'markdown', markdown: '\nTwelve lanterns on the wall.\n' },
    });
  });

  it('reports broken JSON front matter at its line', () => {
    const result = readMarkdown({ path: 'j.md', text: '{\n  "title": "A",\n  "date": 2020-01-01\n}\nBody\n' });
    expect(result.posts).toEqual([]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 3, message: expect.stringContaining('not valid JSON') })]);
  });

  it('takes a page bundle folder name for its date and slug', () => {
    const result = readMarkdown({ path: 'content/posts/2020-03-04-bundle/index.md', text: '---\ntitle: Bundle\n---\nBody\n' });
    expect(result.posts[0]).toMatchObject({ published: '2020-03-04', slug: 'bundle' });
  });
});

describe('readMarkdown: keys', () => {
  it('warns about a misspelt key with a "did you mean", and leaves generator keys quiet', () => {
    const result = read('misspelt.md');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ line: 2, severity: 'warning', message: expect.stringContaining('"titel"'), hint: expect.stringContaining('did you mean "title"') }),
    ]);
    expect(result.posts[0]).toMatchObject({ title: null, ignoredKeys: ['layout'] });
  });

  it('reads the first of a key given twice in different cases, with a warning', () => {
    const result = readMarkdown({ path: 'twice.md', text: '---\ntitle: First\nTitle: Second\ndate: 2020-01-01\n---\n' });
    expect(result.posts[0]?.title).toBe('First');
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'warning' })]);
  });

  it('prefers date over publishDate, and summary over description', () => {
    const result = readMarkdown({
      path: 'p.md',
      text: '---\npublishDate: 2020-02-02\ndate: 2020-01-01\ndescription: Second choice\nsummary: First choice\n---\n',
    });
    expect(result.posts[0]).toMatchObject({ published: '2020-01-01', summary: 'First choice' });
  });

  it('reads publishDate, or Hugo\'s published, when there is no date', () => {
    expect(readMarkdown({ path: 'p.md', text: '---\npublishDate: 2020-02-02\n---\n' }).posts[0]?.published).toBe('2020-02-02');
    expect(readMarkdown({ path: 'p.md', text: '---\npublished: 2020-02-03 10:00\n---\n' }).posts[0]?.published).toBe('2020-02-03T10:00:00');
  });
});
