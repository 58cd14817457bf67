import { describe, expect, it } from 'vitest';
import { postPagePath } from '../../src/addresses/page-folder.js';
import { postFingerprint } from '../../src/build/output-keys.js';
import { mayLinkRelatively } from '../../src/model/post-body.js';
import { makeConfig, makePost } from '../feeds/fixtures.js';

/**
 * What a build works out of a post is kept with the post object, so that a
 * process building again with the same posts (the preview, at every save)
 * works it out only for the posts that changed. A post given new values in
 * place, or a new config, must still be worked out afresh: the result is
 * always what a fresh copy of the post gives.
 */
describe('what a build keeps of a post, after the post changes in place', () => {
  it('fingerprints a field given a new value, and a new body, afresh', () => {
    const post = makePost(1, { title: 'First', html: '<p>One</p>', text: 'One' });
    const before = postFingerprint(post);
    expect(postFingerprint(post)).toBe(before);
    post.title = 'Second';
    expect(postFingerprint(post)).toBe(postFingerprint({ ...post }));
    expect(postFingerprint(post)).not.toBe(before);
    const titled = postFingerprint(post);
    post.html = '<p>Two</p>';
    expect(postFingerprint(post)).not.toBe(titled);
    expect(postFingerprint(post)).toBe(postFingerprint({ ...post }));
    post.expires = '2030-01-01T00:00:00.000Z';
    expect(postFingerprint(post)).toBe(postFingerprint({ ...post }));
  });

  it('finds the page folder again for a new address, slug or date, and for a new base URL', () => {
    const config = makeConfig();
    const post = makePost(1, { url: `${config.site.baseUrl.replace(/\/*$/, '/')}posts/2019/07/first/` });
    expect(postPagePath(post, config)).toBe('posts/2019/07/first/');
    post.url = `${config.site.baseUrl.replace(/\/*$/, '/')}posts/2019/07/second/`;
    expect(postPagePath(post, config)).toBe('posts/2019/07/second/');
    post.url = 'https://elsewhere.example.com/x/';
    post.slug = 'moved';
    expect(postPagePath(post, config)).toBe(postPagePath({ ...post }, config));
    const elsewhere = makeConfig({ baseUrl: 'https://elsewhere.example.com/' });
    expect(postPagePath(post, elsewhere)).toBe('x/');
  });

  it('searches a new body for relative links', () => {
    const post = makePost(1, { html: '<p><a href="https://example.org/">absolute</a></p>' });
    expect(mayLinkRelatively(post)).toBe(false);
    post.html = '<p><img src="photo.jpg" alt="A photo"></p>';
    expect(mayLinkRelatively(post)).toBe(true);
  });
});
