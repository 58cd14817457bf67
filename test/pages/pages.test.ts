import { describe, expect, it } from 'vitest';
import type { PageFile } from '../../src/pages/index.js';
import { planSitePages, renderSitePages } from '../../src/pages/index.js';
import type { Post } from '../../src/model/post.js';
import { makeConfig, makePost, makePosts } from '../feeds/fixtures.js';

function site(posts: Post[], config = makeConfig({ items: 5 })) {
  const plan = planSitePages(posts, config);
  const files = new Map<string, string>([...renderSitePages(plan, config)].map((f: PageFile) => [f.path, f.content]));
  return { plan, files };
}

function page(files: Map<string, string>, path: string): string {
  const html = files.get(path);
  if (html === undefined) throw new Error(`no page ${path}; pages: ${[...files.keys()].slice(0, 5).join(', ')}…`);
  return html;
}

/** The autodiscovery links of a page, as [type, href]. */
function alternates(html: string): [string, string][] {
  return [...html.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">/g)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

/** Where the page's links lead, resolved against the page's own URL. */
function linkTargets(html: string, pagePath: string): string[] {
  const pageUrl = new URL(pagePath.replace(/index\.html$/, ''), 'https://blog.example.org/');
  return [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => new URL((m[1] ?? '').replaceAll('&amp;', '&'), pageUrl).href);
}

describe('the home page', () => {
  const posts = makePosts(12);
  const { files } = site(posts);
  const html = page(files, 'index.html');

  it('offers the blog feed in all three formats for autodiscovery', () => {
    expect(alternates(html)).toEqual([
      ['application/rss+xml', 'https://blog.example.org/feed.xml'],
      ['application/atom+xml', 'https://blog.example.org/atom.xml'],
      ['application/feed+json', 'https://blog.example.org/feed.json'],
    ]);
  });

  it('lists the newest posts, newest first, with their titles escaped', () => {
    const titles = [...html.matchAll(/<h3><a href="[^"]+">([^<]*)<\/a><\/h3>/g)].map((m) => m[1]);
    expect(titles).toEqual([11, 10, 9, 8, 7].map((i) => `Post number ${i}: “quotes” &amp; &lt;angles&gt;`));
    expect(html).not.toContain('<angles>');
  });

  it('links to every theme page and to each listed post page', () => {
    const targets = linkTargets(html, 'index.html');
    expect(targets).toEqual(expect.arrayContaining(['https://blog.example.org/themes/inspection/', 'https://blog.example.org/themes/workforce/', 'https://blog.example.org/themes/policy/']));
    expect(targets).toContain('https://blog.example.org/posts/2013/01/post-number-11/');
  });

  it('is a document in the site language, with a title and a viewport', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(html).toContain('<title>Commentary &amp; Notes</title>');
    expect(html).toContain('<meta name="viewport"');
  });
});

describe('a post page', () => {
  const post = makePost(200, {
    published: '2013-07-01T23:30:00.000Z',
    title: '</title><script>alert(1)</script> Title',
    html: '<p>Safe</p><script>alert(2)</script><a href="javascript:alert(3)">x</a>',
    themes: ['workforce', 'unknown-theme'],
  });
  const { files } = site([post]);
  const path = 'posts/2013/07/post-number-200/index.html';
  const html = page(files, path);

  it('sits at the path of the post URL', () => {
    expect(post.url).toBe('https://blog.example.org/posts/2013/07/post-number-200/');
    expect(files.has(path)).toBe(true);
  });

  it('shows the date in the site time zone, with a machine-readable instant', () => {
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    expect(html).toContain('<time datetime="2013-07-01T23:30:00.000Z">2 July 2013</time> · by Chris Mills');
  });

  it('escapes the title and ships only safe post HTML', () => {
    expect(html).toContain('<h1>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; Title</h1>');
    expect(html).not.toMatch(/<script|javascript:/);
    expect(html).toContain('<p>Safe</p>');
  });

  it('links its configured themes and offers their feeds after the blog feed', () => {
    expect(linkTargets(html, path)).toContain('https://blog.example.org/themes/workforce/');
    expect(alternates(html).map(([, href]) => href)).toEqual([
      'https://blog.example.org/feed.xml',
      'https://blog.example.org/atom.xml',
      'https://blog.example.org/feed.json',
      'https://blog.example.org/themes/workforce/feed.xml',
      'https://blog.example.org/themes/workforce/atom.xml',
      'https://blog.example.org/themes/workforce/feed.json',
    ]);
    expect(html).toContain('<link rel="canonical" href="https://blog.example.org/posts/2013/07/post-number-200/">');
  });
});

describe('a theme page', () => {
  const posts = makePosts(40);
  const { files } = site(posts);
  const html = page(files, 'themes/policy/index.html');

  it('lists exactly the posts of the theme, newest first', () => {
    const listed = linkTargets(html, 'themes/policy/index.html').filter((u) => u.includes('/posts/'));
    const expected = posts
      .filter((p) => p.themes.includes('policy'))
      .reverse()
      .map((p) => p.url);
    expect(listed).toEqual(expected);
  });

  it('offers the theme feed first, then the blog feed', () => {
    expect(alternates(html).map(([, href]) => href)).toEqual([
      'https://blog.example.org/themes/policy/feed.xml',
      'https://blog.example.org/themes/policy/atom.xml',
      'https://blog.example.org/themes/policy/feed.json',
      'https://blog.example.org/feed.xml',
      'https://blog.example.org/atom.xml',
      'https://blog.example.org/feed.json',
    ]);
    expect(html).toContain('<h1>Ministers &lt;and&gt; policy</h1>');
  });
});

describe('page paths', () => {
  it('falls back to posts/<yyyy>/<mm>/<slug>/ when the post URL is elsewhere or climbs out', () => {
    const elsewhere = makePost(1, { url: 'https://old-host.example.com/2013/01/02/my-post.html', slug: 'my-post' });
    const climbing = makePost(2, { url: 'https://blog.example.org/posts/..%2F..%2F..%2Fetc/', slug: 'climbing' });
    const { plan } = site([elsewhere, climbing]);
    expect(plan.posts.map((p) => p.path).sort()).toEqual(['posts/2013/01/climbing/', 'posts/2013/01/my-post/']);
  });

  it('gives a second post with the same folder no page, and says so', () => {
    const a = makePost(1);
    const b = makePost(2, { url: a.url });
    const { plan, files } = site([a, b]);
    expect(plan.posts.map((p) => p.id)).toEqual([b.id]);
    expect(plan.problems).toEqual([expect.stringContaining(`post ${a.id}`)]);
    expect([...files.keys()].filter((p) => p.startsWith('posts/'))).toHaveLength(1);
  });
});
