/**
 * The real export (content/imports) through the text-export adapter and the
 * normaliser: 000 and 002 share three posts, one of them untitled in 000 and
 * one with its author's name in mojibake.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../src/model/post.js';
import { damageScore, mergePosts, normalisePost } from '../../src/normalise/index.js';
import { readTextExport } from '../../src/sources/text-export.js';
import { makeConfig } from './helpers.js';

const IMPORTS = new URL('../../content/imports/', import.meta.url);

function seedPosts(): Post[] {
  const config = makeConfig();
  return readdirSync(IMPORTS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .flatMap((name) => readTextExport({ path: `content/imports/${name}`, text: readFileSync(new URL(name, IMPORTS), 'utf8') }).posts)
    .map((raw) => {
      const result = normalisePost(raw, { config });
      if (!('post' in result)) throw new Error('diagnostic' in result ? result.diagnostic.message : result.skipped.message);
      return result.post;
    });
}

function duplicates(posts: Post[]): Post[][] {
  const groups = new Map<string, Post[]>();
  for (const post of posts) groups.set(post.fingerprint, [...(groups.get(post.fingerprint) ?? []), post]);
  return [...groups.values()].filter((group) => group.length > 1);
}

describe('the seed export', () => {
  const posts = seedPosts();
  const pairs = duplicates(posts);

  it('normalises every post with no mojibake left', () => {
    expect(posts.length).toBeGreaterThan(30);
    for (const post of posts) {
      expect(damageScore(post.text)).toBe(0);
      expect(post.title).not.toBe('');
      expect(post.id).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('finds exactly the three posts 000 and 002 share', () => {
    expect(pairs.map((pair) => pair.map((p) => /imports\/(\d{3})_/.exec(p.sources[0]?.file ?? '')?.[1]))).toEqual([
      ['000', '002'],
      ['000', '002'],
      ['000', '002'],
    ]);
    expect(pairs.map((pair) => pair[0]?.published)).toEqual(['2019-06-29T23:00:00Z', '2019-06-25T23:00:00Z', '2019-06-05T23:00:00Z']);
    expect(new Set(posts.map((p) => p.id)).size).toBe(posts.length - 3);
  });

  it('merges the 6 June 2019 post under its real title, with the BMJ link, in either order', () => {
    const [a, b] = pairs.find((pair) => pair[0]?.published === '2019-06-05T23:00:00Z') ?? [];
    if (!a || !b) throw new Error('6 June 2019 pair not found');
    expect(a.titleDerived).toBe(true);
    const merged = mergePosts(a, b);
    expect(mergePosts(b, a)).toEqual(merged);
    expect(merged.title).toBe('Northamptonshire!');
    expect(merged.html).toContain('href="https://www.bmj.com/content/320/7237/768"');
    expect(merged.sources).toHaveLength(2);
  });

  it('merges the 30 June 2019 post with Cécile repaired', () => {
    const [a, b] = pairs.find((pair) => pair[0]?.published === '2019-06-29T23:00:00Z') ?? [];
    if (!a || !b) throw new Error('30 June 2019 pair not found');
    const merged = mergePosts(a, b);
    expect(mergePosts(b, a)).toEqual(merged);
    expect(a.text).toContain('Dr Cécile Guillaume');
    expect(merged.text).toContain('Dr Cécile Guillaume');
  });
});
