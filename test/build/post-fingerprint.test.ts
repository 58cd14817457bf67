import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digest, postFingerprint } from '../../src/build/output-keys.js';
import type { Post } from '../../src/model/post.js';
import { bodyHash } from '../../src/model/post-body.js';
import { postAt } from '../digest/helpers.js';

/** The fingerprint hashes one joined string (the body by its hash): the same digest as the pieces fed one by one, so every field still counts. */
describe('postFingerprint', () => {
  const post: Post = { ...postAt(1, '2024-03-31T00:30:00Z', ['inspection']), html: '<p>Café – “quoted” 💡</p>', text: 'Café – “quoted” 💡' };

  it('is the sha256 of the fields and the hash of the body and the text, each after its length', () => {
    const { html, text, ...rest } = post;
    const body = createHash('sha256').update(`${html.length}:`).update(html).update(`\0${text.length}:`).update(text).digest('hex');
    expect(bodyHash(html, text)).toBe(body);
    const pieces = createHash('sha256').update(JSON.stringify(rest)).update('\0').update(body).digest('hex');
    expect(postFingerprint(post)).toBe(pieces);
    expect(digest(['a', 'é', ''])).toBe(createHash('sha256').update('a').update('\0').update('é').update('\0').update('').update('\0').digest('hex'));
  });

  it('moves a body from the text to the html without hashing the same', () => {
    expect(bodyHash('ab', 'c')).not.toBe(bodyHash('a', 'bc'));
  });

  it('changes with any field', () => {
    const base = postFingerprint(post);
    for (const change of [{ title: 'Other' }, { html: `${post.html} ` }, { text: `${post.text}.` }, { themes: [] }, { updated: '2024-04-01T00:00:00Z' }, { url: 'https://x.example/' }]) {
      expect(postFingerprint({ ...post, ...change })).not.toBe(base);
    }
  });
});
