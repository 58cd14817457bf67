import { describe, expect, it } from 'vitest';
import { postAddress } from '../../src/addresses/post-address.js';
import { applyRule, permalinkRuleProblem } from '../../src/addresses/permalink-rule.js';
import { configSchema } from '../../src/config/schema.js';

const input = { published: '2011-04-27T22:30:00Z', slug: 'harbour-lights', fileStem: 'harbour-lights', timeZone: 'Europe/London' };

describe('permalink rules as Jekyll and Hugo write them', () => {
  it('fills in the date in the site zone and the slug', () => {
    // 22:30 UTC is 23:30 in London; 23:30 UTC would be the next day there.
    expect(applyRule('/:year/:month/:day/:title/', input)).toBe('2011/04/27/harbour-lights/');
    expect(applyRule('/:year/:month/:day/:title/', { ...input, published: '2011-04-27T23:30:00Z' })).toBe('2011/04/28/harbour-lights/');
    expect(applyRule('/:year/:month/:slug/', input)).toBe('2011/04/harbour-lights/');
    expect(applyRule('/:categories/:title/', input)).toBe('harbour-lights/');
  });

  it("reads Jekyll's built-in styles", () => {
    expect(applyRule('date', input)).toBe('2011/04/27/harbour-lights.html');
    expect(applyRule('pretty', input)).toBe('2011/04/27/harbour-lights/');
    expect(applyRule('none', input)).toBe('harbour-lights.html');
  });

  it('refuses a placeholder it does not know, in the config', () => {
    expect(permalinkRuleProblem('/:year/:slug/')).toBeNull();
    expect(permalinkRuleProblem('/:year/:nonsense/')).toMatch(/unknown placeholder :nonsense/);
    expect(configSchema.safeParse({ pages: { permalink: '/:tags/:slug/' } }).success).toBe(false);
  });

  it('a stated address wins over the rule; a full URL stays as it is whatever the base', () => {
    const config = configSchema.parse({ site: { baseUrl: 'https://example.org/blog', timeZone: 'Europe/London' }, pages: { permalink: 'pretty' } });
    const sources = [{ file: '_posts/2011-04-27-harbour-lights.md', format: 'markdown' as const, line: 1, slot: 'x', hash: 'h' }];
    const post = { published: input.published, slug: input.slug, sources };
    expect(postAddress(post, config)).toEqual({ url: 'https://example.org/blog/2011/04/27/harbour-lights/', own: true });
    expect(postAddress({ ...post, permalink: '/lights/' }, config).url).toBe('https://example.org/blog/lights/');
    expect(postAddress({ ...post, permalink: '/:year/:title/' }, config).url).toBe('https://example.org/blog/2011/harbour-lights/');
    expect(postAddress({ ...post, permalink: 'https://old.example/lights' }, config).url).toBe('https://old.example/lights');
    // A feed item's post is not a Markdown file: the rule is not its; it lives where tidings puts it.
    expect(postAddress({ ...post, sources: [{ ...sources[0]!, format: 'rss' }] }, config)).toEqual({ url: 'https://example.org/blog/posts/2011/04/harbour-lights/', own: false });
  });
});
