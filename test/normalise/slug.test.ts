import { describe, expect, it } from 'vitest';
import { FALLBACK_SLUG, makeSlug, SLUG_LIMIT } from '../../src/normalise/index.js';

describe('makeSlug', () => {
  it('makes an ASCII slug from the title', () => {
    expect(makeSlug(undefined, 'Northamptonshire!')).toBe('northamptonshire');
    expect(makeSlug(undefined, 'Children’s social workers: are tea & coffee cures?')).toBe('childrens-social-workers-are-tea-and-coffee-cures');
    expect(makeSlug(undefined, 'Dr Cécile Guillaume in Zürich')).toBe('dr-cecile-guillaume-in-zuerich');
    expect(makeSlug(undefined, 'Привет мир')).toBe('privet-mir');
  });

  it('prefers the slug the source states, cleaned up', () => {
    expect(makeSlug('My Custom_Slug', 'A title')).toBe('my-custom-slug');
    expect(makeSlug('  ', 'A title')).toBe('a-title');
  });

  it('keeps at most 60 characters, cut at a hyphen', () => {
    const slug = makeSlug(undefined, 'More on the privatisation of the probation service: a model of how not to ‘reform’ child protection');
    expect(slug).toBe('more-on-the-privatisation-of-the-probation-service-a-model');
    expect(slug.length).toBeLessThanOrEqual(SLUG_LIMIT);
    expect(makeSlug(undefined, 'x'.repeat(100))).toBe('x'.repeat(SLUG_LIMIT));
  });

  it('is never empty', () => {
    expect(makeSlug(undefined, '日本語')).toBe(FALLBACK_SLUG);
    expect(makeSlug('!!!', '…')).toBe(FALLBACK_SLUG);
  });
});
