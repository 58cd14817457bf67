import { describe, expect, it } from 'vitest';
import { postDates, postInstants } from '../../src/feeds/dates.js';

/**
 * A post's dates are worked out once per post object and kept (dates.ts):
 * what a reader sees must still follow the post when its dates change in
 * place, and the zone asked for.
 */
describe('a post’s dates, asked for again', () => {
  it('follow dates changed in place and the zone, and are the same as a fresh copy’s', () => {
    const post = { published: '2019-07-31T09:00:00Z', updated: '2019-07-31T09:00:00Z' };
    expect(postDates(post)).toEqual({ published: '2019-07-31T09:00:00Z', updated: '2019-07-31T09:00:00Z' });
    expect(postInstants(post).updatedIsPublished).toBe(true);
    post.updated = '2019-08-02T10:30:00Z';
    expect(postDates(post)).toEqual({ published: '2019-07-31T09:00:00Z', updated: '2019-08-02T10:30:00Z' });
    expect(postInstants(post)).toEqual(postInstants({ ...post }));
    expect(postInstants(post).updatedIsPublished).toBe(false);
    expect(postDates(post, 'Europe/Berlin')).toEqual({ published: '2019-07-31T11:00:00+02:00', updated: '2019-08-02T12:30:00+02:00' });
    post.published = '2019-07-30T09:00:00Z';
    expect(postDates(post, 'Europe/Berlin')).toEqual(postDates({ ...post }, 'Europe/Berlin'));
  });

  it('hand each caller its own object', () => {
    const post = { published: '2019-07-31T09:00:00Z', updated: '2019-07-31T09:00:00Z' };
    const first = postDates(post);
    first.published = 'changed by a caller';
    expect(postDates(post).published).toBe('2019-07-31T09:00:00Z');
  });
});
