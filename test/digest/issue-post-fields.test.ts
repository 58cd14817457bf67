import { describe, expect, it } from 'vitest';
import { excerptOf, MAX_TITLE, shorten } from '../../src/digest/excerpt.js';
import { issuePost } from '../../src/digest/issue-post.js';
import { planIssues } from '../../src/digest/plan.js';
import type { IssuePost } from '../../src/digest/model.js';
import { digestConfig, postAt } from './helpers.js';

// A roundup post's title, link, author and excerpt are made when first read (issue-post.ts):
// whenever and in whatever order they are read, they are what the eager definitions give,
// and the object serialises and spreads as the plain object of before did (the render keys JSON.stringify it).

const config = digestConfig({ excerptLength: 60 });
const declared = new Set(config.themes.map((t) => t.slug));

const awkward = [
  postAt(1, '2024-03-04T09:00:00.000Z', ['policy'], { text: 'See https://www.ofsted.gov.uk/resources/x for the “full report (and more) on it” today, and again.', html: '<p>See <a href="https://www.ofsted.gov.uk/resources/x">the report</a></p>' }),
  postAt(2, '2024-03-04T10:00:00.000Z', [], { text: '   ', summary: 'Only\u0007 a\n\nsummary  here.', author: ' \t ' }),
  postAt(3, '2024-03-05T10:00:00.000Z', ['retired', 'policy'], { title: `${'Long\u0000 title '.repeat(40)}end`, url: 'mailto:someone@example.org' }),
  postAt(4, '2024-03-06T10:00:00.000Z', ['policy'], { title: '\u0007', text: '«Quoted, never closed… and a very long sentence that goes on past the cut for sure', url: '/relative/path/' }),
];

/** The eager definitions, in the field order of IssuePost. */
function eager(post: (typeof awkward)[number], view: IssuePost): Record<string, unknown> {
  const source = post.text.trim() ? post.text : post.summary;
  const excerpt = excerptOf(source, config.digest.excerptLength, post.html);
  return {
    id: post.id,
    title: shorten(post.title, MAX_TITLE) || 'Untitled',
    url: view.url,
    published: view.published,
    updated: view.updated,
    date: view.date,
    author: shorten(post.author, Infinity) || config.site.author,
    excerpt: excerpt.text,
    ...(excerpt.parts.some((p) => p.url !== undefined) ? { excerptParts: excerpt.parts } : {}),
    readingMinutes: view.readingMinutes,
    themes: view.themes,
  };
}

describe('a roundup post read late', () => {
  it('has the title, author and excerpt the eager definitions give, read in any order and again', () => {
    for (const post of awkward) {
      const first = issuePost(post, config, declared);
      const second = issuePost(post, config, declared);
      // One read late and in reverse order, one read first thing: the same values.
      const reversed = [first.themes, first.excerptParts, first.excerpt, first.author, first.title, first.url];
      const again = [second.themes, second.excerptParts, second.excerpt, second.author, second.title, second.url];
      expect(reversed).toEqual(again);
      expect(first.excerpt).toBe(first.excerpt);
      expect({ ...first }).toEqual(eager(post, first));
    }
  });

  it('serialises as the plain post did: same keys in the same order, no excerptParts when the excerpt has no links', () => {
    for (const post of awkward) {
      const view = issuePost(post, config, declared);
      expect(JSON.stringify(view)).toBe(JSON.stringify(eager(post, view)));
    }
    expect(JSON.stringify(issuePost(awkward[0]!, config, declared))).toContain('"excerptParts":[');
    expect(JSON.stringify(issuePost(awkward[1]!, config, declared))).not.toContain('excerptParts');
  });

  it('links to the archive page when the post’s own URL is not http(s), and to the site for a relative one', () => {
    expect(issuePost(awkward[2]!, config, declared).url).toBe('https://blog.example.org/posts/2024/03/post-number-3/');
    expect(issuePost(awkward[3]!, config, declared).url).toBe('https://blog.example.org/relative/path/');
  });

  it('still leaves out and reports a post whose date is unreadable, while planning', () => {
    const { issues, problems } = planIssues([...awkward, postAt(5, 'the third of never', ['policy'])], config);
    expect(issues.flatMap((i) => i.posts.map((p) => p.id))).toEqual(awkward.map((p) => p.id));
    expect(problems).toEqual([expect.stringMatching(/^post p00005 .* left out of the roundups: .*the third of never/)]);
  });
});
