import { describe, expect, it } from 'vitest';
import { attachPeriodKeys } from '../../src/model/post-periods.js';
import { periodKeysAt } from '../../src/digest/periods.js';
import { planIssues } from '../../src/digest/plan.js';
import type { Post } from '../../src/model/post.js';
import { digestConfig, postAt } from './helpers.js';

/**
 * A build plans the roundups twice from the same posts, so a post's excerpt
 * and a period are remembered from one plan to the next (plan.ts,
 * issue-post.ts). What a reader sees must follow the post and the config
 * all the same: a post edited in place, a new excerpt length, a new language.
 */

function withKeys(post: Post, zone: string): Post {
  const keys = periodKeysAt(post.published, zone);
  if (keys) attachPeriodKeys(post, { zone, published: post.published, ...keys });
  return post;
}

describe('planning again after a change', () => {
  it('gives an edited post its new excerpt, and the same plan as a fresh copy', () => {
    const config = digestConfig();
    const post = withKeys(postAt(1, '2019-07-31T09:00:00Z', ['policy'], { text: 'The first version of the post. It says one thing.' }), config.site.timeZone);
    expect(planIssues([post], config).issues[0]?.posts[0]?.excerpt).toBe('The first version of the post. It says one thing.');
    post.text = 'The second version. It says “another thing” entirely.';
    const again = planIssues([post], config);
    expect(again.issues[0]?.posts[0]?.excerpt).toBe('The second version. It says “another thing” entirely.');
    expect(again).toEqual(planIssues([{ ...post }], config));
  });

  it('cuts to a new excerpt length, and words the period in a new language', () => {
    const config = digestConfig();
    const text = `${'Social workers weigh thresholds and caseloads every week. '.repeat(12)}`;
    const post = withKeys(postAt(2, '2019-12-31T23:30:00Z', ['policy'], { text }), config.site.timeZone);
    const first = planIssues([post], config).issues[0];
    const shorter = planIssues([post], { ...config, digest: { ...config.digest, excerptLength: 80 } }).issues[0];
    expect(first?.posts[0]?.excerpt.length).toBeGreaterThan(200);
    expect(shorter?.posts[0]?.excerpt.length).toBeLessThanOrEqual(80);
    const german = { ...config, site: { ...config.site, language: 'de-DE' } };
    const inGerman = planIssues([post], german).issues[0];
    expect(inGerman?.period.range).toBe(planIssues([{ ...post }], german).issues[0]?.period.range);
    expect(inGerman?.period.range).not.toBe(first?.period.range);
    expect(inGerman?.id).toBe('2020-W01');
  });
});
