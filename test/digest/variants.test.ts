import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestTemplates, Issue } from '../../src/digest/index.js';
import { issueRenderer, MORE_POSTS, planIssues, variantKey, variantOf } from '../../src/digest/index.js';
import { digestConfig, frozen, postAt, sample, templatesFor } from './helpers.js';

const config = digestConfig();
const at = (h: number) => `2019-07-30T${String(h).padStart(2, '0')}:00:00Z`;
const posts = [
  postAt(1, at(8), ['inspection'], { title: 'On inspection' }),
  postAt(2, at(9), ['workforce', 'inspection'], { title: 'On workforce' }),
  postAt(3, at(10), ['policy'], { title: 'On policy' }),
  postAt(4, at(11), [], { title: 'On nothing much' }),
];
const issue = planIssues(posts, config).issues[0] as Issue;

describe('variantOf', () => {
  it('gives a subscriber following two themes only those sections', () => {
    const variant = variantOf(issue, ['policy', 'inspection']);
    expect(variant?.sections.map((s) => s.name)).toEqual(['Inspection & Ofsted', 'Ministers <and> policy']);
    expect(variant?.postCount).toBe(2);
  });

  it('gives a subscriber following none of the issue themes no email', () => {
    expect(variantOf(issue, ['no-such-theme'])).toBeNull();
    expect(variantKey(issue, ['no-such-theme'])).toBeNull();
  });

  it('gives a subscriber who chose no themes everything, "More posts" included', () => {
    expect(variantOf(issue, [])?.sections.map((s) => s.name)).toEqual(['Inspection & Ofsted', 'Workforce', 'Ministers <and> policy', MORE_POSTS]);
  });

  it('does not touch the issue', () => {
    const kept = frozen(issue);
    expect(() => variantOf(kept, ['workforce'])).not.toThrow();
    expect(kept).toEqual(issue);
  });

  it('keys a variant by the followed themes the issue has, in any order', () => {
    expect(variantKey(issue, ['policy', 'inspection', 'gone'])).toBe('inspection,policy');
    expect(variantKey(issue, ['inspection', 'policy'])).toBe('inspection,policy');
    expect(variantKey(issue, [])).toBe('*');
  });
});

describe('issueRenderer', () => {
  let templates: DigestTemplates;
  beforeAll(async () => {
    templates = await templatesFor(config);
  });

  it('renders only the followed sections, and compiles each variant once however many subscribers share it', () => {
    const renderer = issueRenderer(issue, { config, templates });
    const subscribers = [['policy', 'inspection'], ['inspection', 'policy'], ['inspection', 'policy', 'gone'], [], ['unrelated'], []];
    const results = subscribers.map((themes) => renderer.forThemes(themes));
    expect(results[0]).toBe(results[1]);
    expect(results[0]).toBe(results[2]);
    expect(results[3]).toBe(results[5]);
    expect(results[4]).toBeNull();
    expect(renderer.variantsRendered).toBe(2);

    const two = results[0];
    if (!two) throw new Error('no variant');
    const { html, text } = sample(two);
    expect(html.match(/<h2\b[^>]*>([^<]*)<\/h2>/g)?.map((h) => h.replace(/<[^>]+>/g, ''))).toEqual(['Inspection &amp; Ofsted', 'Ministers &lt;and&gt; policy']);
    expect(html).toContain('On inspection');
    expect(html).toContain('On policy');
    for (const absent of ['On workforce', 'On nothing much', 'Workforce</h2>', 'More posts']) {
      expect(html).not.toContain(absent);
      expect(text).not.toContain(absent.replace('</h2>', ''));
    }
    expect(two.subject).toBe('Week 31, 2019: Inspection & Ofsted · Ministers <and> policy');
  });
});
