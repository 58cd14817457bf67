/** Builders shared by the normalise tests: each call returns fresh objects. */
import { configSchema } from '../../src/config/schema.js';
import type { Config } from '../../src/config/schema.js';
import type { Block, RawPost } from '../../src/model/raw-post.js';
import type { Post } from '../../src/model/post.js';
import { normalisePost } from '../../src/normalise/index.js';

export function makeConfig(overrides: Record<string, unknown> = {}): Config {
  return configSchema.parse({
    site: { baseUrl: 'https://example.org/blog/', timeZone: 'Europe/London', author: 'Site Author' },
    themes: [
      { slug: 'ofsted', name: 'Ofsted and inspection', keywords: ['Ofsted', 'inspection', 'inspectors'] },
      { slug: 'workforce', name: 'Workforce', keywords: ['social workers', 'caseloads', 'sickness absence'] },
      { slug: 'case-reviews', name: 'Serious case reviews', keywords: ['serious case review', 'serious case reviews', 'SCR'] },
    ],
    ...overrides,
  });
}

export function paragraphs(...texts: string[]): Block[] {
  return texts.map((text, i) => ({ kind: 'paragraph', text, line: 3 + 2 * i }));
}

export function rawPost(overrides: Partial<RawPost> = {}): RawPost {
  return {
    source: { file: 'content/imports/a.txt', format: 'text-export', line: 1, slot: '2019-06-06#0', hash: 'h1' },
    title: 'A title',
    published: '2019-06-06',
    sequence: 0,
    body: { kind: 'blocks', blocks: paragraphs('Some text of the post. It has two sentences.') },
    ...overrides,
  };
}

/** normalisePost that must succeed. */
export function normalised(raw: RawPost, config: Config = makeConfig()): Post {
  const result = normalisePost(raw, { config });
  if (!('post' in result)) throw new Error(`expected a post, got: ${'diagnostic' in result ? result.diagnostic.message : result.skipped.message}`);
  return result.post;
}
