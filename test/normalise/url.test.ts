import { describe, expect, it } from 'vitest';
import { postUrl } from '../../src/normalise/index.js';

describe('postUrl', () => {
  it('puts the year and month of the site’s time zone in the path', () => {
    // 23:30 UTC on 31 May is already June in London (BST).
    expect(postUrl('https://example.org/', '2019-05-31T23:30:00Z', 'northamptonshire', 'Europe/London')).toBe(
      'https://example.org/posts/2019/06/northamptonshire/',
    );
    expect(postUrl('https://example.org/', '2019-05-31T23:30:00Z', 'northamptonshire', 'UTC')).toBe(
      'https://example.org/posts/2019/05/northamptonshire/',
    );
  });

  it('works whether or not the base URL ends in a slash', () => {
    expect(postUrl('https://example.org/blog', '2019-06-05T23:00:00Z', 's', 'Europe/London')).toBe('https://example.org/blog/posts/2019/06/s/');
    expect(postUrl('https://example.org/blog/', '2019-06-05T23:00:00Z', 's', 'Europe/London')).toBe('https://example.org/blog/posts/2019/06/s/');
  });
});
