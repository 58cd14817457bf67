import type { Config } from '../../src/config/schema.js';
import { configSchema } from '../../src/config/schema.js';
import type { Post } from '../../src/model/post.js';

/**
 * Generated posts and configs for the feed, page, build and server tests.
 * Fixed dates; every call returns fresh objects, so no test can change
 * another's fixture.
 */

export const THEMES = [
  { slug: 'inspection', name: 'Inspection & Ofsted', description: 'Judgements and audits.' },
  { slug: 'workforce', name: 'Workforce', description: 'Caseloads and sickness.' },
  { slug: 'policy', name: 'Ministers <and> policy', description: '' },
];

export interface ConfigOverrides {
  items?: number;
  hub?: string;
  baseUrl?: string;
  themes?: typeof THEMES;
}

export function makeConfig(overrides: ConfigOverrides = {}): Config {
  return configSchema.parse({
    site: {
      title: 'Commentary & Notes',
      description: 'A blog about <child> protection.',
      baseUrl: overrides.baseUrl ?? 'https://blog.example.org/',
      author: 'Chris Mills',
      language: 'en-GB',
      timeZone: 'Europe/London',
    },
    themes: (overrides.themes ?? THEMES).map((t) => ({ ...t, keywords: [] })),
    feeds: { items: overrides.items ?? 50, ...(overrides.hub ? { hub: overrides.hub } : {}) },
  });
}

const DAY = 86_400_000;
const START = Date.UTC(2013, 0, 1, 9, 0, 0);

/** Post number `i`, published i days after 2013-01-01 09:00 UTC; themes cycle through THEMES. */
export function makePost(i: number, overrides: Partial<Post> = {}): Post {
  const published = new Date(START + i * DAY).toISOString();
  const slug = `post-number-${i}`;
  const yyyy = published.slice(0, 4);
  const mm = published.slice(5, 7);
  const themeSlugs = THEMES.map((t) => t.slug);
  return {
    id: `p${String(i).padStart(5, '0')}`,
    slug,
    url: `https://blog.example.org/posts/${yyyy}/${mm}/${slug}/`,
    title: `Post number ${i}: “quotes” & <angles>`,
    titleDerived: false,
    published,
    updated: published,
    sequence: 0,
    author: 'Chris Mills',
    html: `<p>Body of post ${i} with <a href="https://example.com/a?x=1&amp;y=2">a link</a> and <em>emphasis</em>.</p>\n<p>Second paragraph.</p>`,
    text: `Body of post ${i} with a link and emphasis. Second paragraph.`,
    summary: `Body of post ${i} with a link & emphasis.`,
    wordCount: 10,
    readingMinutes: 1,
    themes: i % 4 === 3 ? [] : [themeSlugs[i % 3] ?? 'inspection', ...(i % 5 === 0 ? [themeSlugs[(i + 1) % 3] ?? 'workforce'] : [])],
    tags: [],
    sources: [{ file: 'content/imports/x.txt', format: 'text-export', line: i + 1, slot: `slot-${i}`, hash: `hash-${i}` }],
    fingerprint: `${published.slice(0, 10)} post ${i}`,
    ...overrides,
  };
}

/** Posts 0 .. count-1. */
export function makePosts(count: number): Post[] {
  return Array.from({ length: count }, (_, i) => makePost(i));
}
