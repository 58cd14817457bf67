import { describe, expect, it } from 'vitest';
import { blogFeeds, entryId, renderFeed } from '../../src/feeds/index.js';
import type { Post } from '../../src/model/post.js';
import { makeConfig, makePost, makePosts } from './fixtures.js';
import { readItems, renderAllByPath } from './read-feeds.js';

function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('stable output', () => {
  it('rendering the same posts twice gives byte-identical files', () => {
    const first = renderAllByPath(makePosts(230), makeConfig());
    const second = renderAllByPath(makePosts(230).reverse(), makeConfig());
    expect(second).toEqual(first);
  });

  it('never writes the build time: only the newest item date appears at feed level', () => {
    const posts = makePosts(5);
    const files = renderAllByPath(posts, makeConfig());
    const now = new Date();
    for (const content of files.values()) {
      expect(content).not.toContain(now.toISOString().slice(0, 10));
      expect(content).not.toContain(now.toUTCString().slice(0, 16));
    }
  });

  it('does not touch the posts or the config it is given', () => {
    const posts = deepFreeze(makePosts(120));
    const config = deepFreeze(makeConfig());
    expect(() => renderAllByPath(posts, config)).not.toThrow();
  });
});

describe('adding a post', () => {
  const config = makeConfig();
  const old = makePosts(250);
  const before = renderAllByPath(old, config);

  it('changes only the current feeds it belongs to, and no archive page', () => {
    const added = makePost(250);
    const after = renderAllByPath([...old, added], config);
    const themeDirs = added.themes.map((slug) => `themes/${slug}/`);
    const changed = changedPaths(before, after);
    const expected = ['', ...themeDirs].flatMap((dir) => [`${dir}feed.xml`, `${dir}atom.xml`, `${dir}feed.json`]);
    // Archive pages hold complete pages only: a new post lands in the current feed.
    expect(changed.sort()).toEqual(expected.sort());
  });

  it('never changes a complete archive page, even across many additions', () => {
    const more = Array.from({ length: 120 }, (_, i) => makePost(250 + i));
    const after = renderAllByPath([...old, ...more], config);
    for (const [path, content] of before) {
      if (content.includes('<fh:archive/>')) expect(after.get(path), path).toBe(content);
    }
    for (const n of [1, 2]) expect(after.get(`archive/feed-${n}.json`)).toBe(before.get(`archive/feed-${n}.json`));
  });
});

describe('editing a post', () => {
  it('updates its `updated` and keeps its id, in every format, even with a new title, slug and URL', () => {
    const config = makeConfig();
    const posts = makePosts(20);
    const original = posts[7] as Post;
    const edited: Post = {
      ...original,
      title: 'A new title',
      slug: 'a-new-slug',
      url: 'https://blog.example.org/posts/2013/01/a-new-slug/',
      updated: '2020-02-02T10:00:00.000Z',
      html: '<p>Rewritten.</p>',
    };
    const after = posts.map((p) => (p.id === original.id ? edited : p));
    const id = entryId('post', original.id);
    for (const format of ['rss', 'atom', 'json'] as const) {
      const [docBefore] = blogFeeds(posts, config).documents;
      const [docAfter] = blogFeeds(after, config).documents;
      if (!docBefore || !docAfter) throw new Error('no document');
      const itemsBefore = readItems(renderFeed(docBefore, format), format);
      const itemsAfter = readItems(renderFeed(docAfter, format), format);
      expect(itemsAfter.map((i) => i.id)).toEqual(itemsBefore.map((i) => i.id));
      expect(itemsAfter.filter((i) => i.id !== id)).toEqual(itemsBefore.filter((i) => i.id !== id));
      const item = itemsAfter.find((i) => i.id === id);
      expect(item?.title).toBe('A new title');
      if (format !== 'rss') expect(item?.updated).toBe('2020-02-02T10:00:00.000Z');
    }
    const [doc] = blogFeeds(after, config).documents;
    expect(doc?.updated).toBe('2020-02-02T10:00:00Z');
    expect(renderFeed(doc!, 'rss')).toContain('<atom:updated>2020-02-02T10:00:00Z</atom:updated>');
  });

  it('keeps every id when the base URL changes', () => {
    const posts = makePosts(5);
    const ids = (baseUrl: string) => blogFeeds(posts, makeConfig({ baseUrl })).entries.map((e) => e.id);
    expect(ids('https://new.example.com/blog/')).toEqual(ids('https://blog.example.org/'));
  });
});
