import { describe, expect, it } from 'vitest';
import { fingerprint, postId } from '../../src/normalise/index.js';

const OPENING =
  'The county of Northamptonshire has featured on the pages of this blog on a number of occasions. The council has, to put it bluntly, run out of money.';

describe('fingerprint', () => {
  it('is the local date and the first 16 words, lower case, letters and digits only', () => {
    expect(fingerprint('2019-06-05T23:00:00Z', OPENING, 'Europe/London')).toBe(
      '2019-06-06:the county of northamptonshire has featured on the pages of this blog on a number of',
    );
  });

  it('is the same for the same post with different punctuation, quotes, spacing or accents', () => {
    const a = fingerprint('2019-06-29T23:00:00Z', 'In an article, Dr Cécile Guillaume doesn’t…', 'Europe/London');
    const b = fingerprint('2019-06-29T23:00:00Z', 'In an  article Dr Cecile Guillaume doesn\'t', 'Europe/London');
    expect(a).toBe(b);
  });

  it('differs for two posts on the same date, or the same text on two dates', () => {
    const a = fingerprint('2019-06-05T23:00:00Z', OPENING, 'Europe/London');
    expect(fingerprint('2019-06-05T23:00:00Z', 'Yesterday, two serious case review reports were published.', 'Europe/London')).not.toBe(a);
    expect(fingerprint('2019-06-06T23:00:00Z', OPENING, 'Europe/London')).not.toBe(a);
  });

  it('keys a post without words by its HTML, so two image-only posts stay apart', () => {
    const a = fingerprint('2019-06-05T23:00:00Z', '', 'UTC', '<img src="https://x.org/a.png" />');
    const b = fingerprint('2019-06-05T23:00:00Z', '', 'UTC', '<img src="https://x.org/b.png" />');
    expect(a).not.toBe(b);
  });
});

describe('postId', () => {
  it('is the first 16 hex digits of sha256 of the stated id, else of the fingerprint', () => {
    expect(postId('tag:example.org,2019:post-1', '2019-06-06:a b')).toBe('4b2dceb938e75e79');
    expect(postId(' tag:example.org,2019:post-1 ', 'another fingerprint')).toBe('4b2dceb938e75e79');
    expect(postId(undefined, '2019-06-06:a b')).toBe('1180dc8299a3bcec');
    expect(postId('  ', '2019-06-06:a b')).toBe('1180dc8299a3bcec');
  });
});
