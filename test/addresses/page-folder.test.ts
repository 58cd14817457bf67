import { describe, expect, it } from 'vitest';
import { parsedPathBelowBase, pathBelowBase, postPagePath } from '../../src/addresses/page-folder.js';
import { postAddress } from '../../src/addresses/post-address.js';
import { makeConfig, makePost } from '../feeds/fixtures.js';

const BASES = ['https://blog.example.org/', 'https://blog.example.org/sub/dir/', 'https://Blog.Example.org/', 'https://blog.example.org:8443/x', 'http://127.0.0.1:8080/'];

/** Addresses as posts carry them: plain ones, and every kind parsing rewrites. */
function addresses(base: string): string[] {
  const b = base.replace(/\/*$/, '/');
  const rests = [
    'posts/2019/07/a-post/',
    'posts/2019/07/a-post',
    'posts/2019/07/a.post.html',
    'a/b/c/d/',
    '',
    '/',
    '//double//slashes/',
    'posts/../escape/',
    'posts/./here/',
    '.hidden/page/',
    'posts/.well-known/',
    'posts/2019/caf%C3%A9/',
    'posts/2019/café/',
    'posts/a b/',
    'posts/x/?query=1',
    'posts/x/#frag',
    'posts\\back/',
    'posts/%2e%2e/up/',
    'UPPER/Case_~-/',
  ];
  return [...rests.map((r) => b + r), 'https://elsewhere.example.com/posts/a/', 'https://blog.example.org.evil.example/x/', `${b.replace('https:', 'http:')}posts/a/`, 'not a url', '/relative/path/'];
}

describe('the page folder of a post address', () => {
  it('is what parsing the URL gives, for plain paths and for every address parsing rewrites', () => {
    let compared = 0;
    for (const baseUrl of BASES) {
      const config = makeConfig({ baseUrl });
      for (const url of addresses(baseUrl)) {
        expect(pathBelowBase(url, config), `${baseUrl} ${url}`).toBe(parsedPathBelowBase(url, config));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    // And the plain case comes out as the folder below the base.
    const config = makeConfig({ baseUrl: 'https://blog.example.org/sub/' });
    expect(postPagePath(makePost(1, { url: 'https://blog.example.org/sub/posts/2019/07/a-post/' }), config)).toBe('posts/2019/07/a-post/');
  });
});

describe('a post address asked for again', () => {
  it('follows a new config for the same post object (the preview reloads the config in one process)', () => {
    const post = makePost(2, { permalink: undefined });
    const first = postAddress(post, makeConfig({ baseUrl: 'https://one.example.org/' }));
    const moved = postAddress(post, makeConfig({ baseUrl: 'https://two.example.org/blog/' }));
    expect(first.url.startsWith('https://one.example.org/posts/')).toBe(true);
    expect(moved.url.startsWith('https://two.example.org/blog/posts/')).toBe(true);
    expect(moved.url.slice('https://two.example.org/blog/'.length)).toBe(first.url.slice('https://one.example.org/'.length));
  });
});
