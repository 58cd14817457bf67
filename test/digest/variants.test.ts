import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestTemplates, Issue } from '../../src/digest/index.js';
import { EVERYTHING, issueRenderer, MORE_POSTS, planIssues, sectionThemeFor, variantKey, variantOf } from '../../src/digest/index.js';
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

describe('sectionThemeFor, the one rule', () => {
  it('places a post under the first of its own themes that the subscriber follows, whatever their order', () => {
    const themes = ['workforce', 'inspection', 'policy'];
    expect(sectionThemeFor(themes, new Set(['policy', 'inspection']))).toBe('inspection');
    expect(sectionThemeFor(themes, new Set(['policy']))).toBe('policy');
    expect(sectionThemeFor(themes, new Set(['gone']))).toBeUndefined();
    expect(sectionThemeFor([], new Set(['policy']))).toBeUndefined();
  });

  it('places it under its primary theme, or "More posts" (null), for a subscriber who follows everything', () => {
    expect(sectionThemeFor(['workforce', 'inspection'], EVERYTHING)).toBe('workforce');
    expect(sectionThemeFor([], EVERYTHING)).toBeNull();
  });
});

describe('variantOf', () => {
  it('gives a subscriber following two themes only those sections, each post under the first of its themes they follow', () => {
    const variant = variantOf(issue, ['policy', 'inspection'], config);
    // "On workforce" is workforce first, inspection second: it comes under inspection.
    expect(variant?.sections.map((s) => [s.name, s.posts.map((p) => p.title)])).toEqual([
      ['Inspection & Ofsted', ['On inspection', 'On workforce']],
      ['Ministers <and> policy', ['On policy']],
    ]);
    expect(variant?.postCount).toBe(3);
    expect(variant?.posts.map((p) => p.title)).toEqual(['On inspection', 'On workforce', 'On policy']);
  });

  it('gives a subscriber who follows only a post’s second theme that post', () => {
    const inspection = planIssues([postAt(2, at(9), ['workforce', 'inspection'], { title: 'On workforce' })], config).issues[0] as Issue;
    expect(inspection.sections.map((s) => s.theme)).toEqual(['workforce']);
    const variant = variantOf(inspection, ['inspection'], config);
    expect(variant?.sections.map((s) => [s.theme, s.name, s.posts.map((p) => p.title)])).toEqual([['inspection', 'Inspection & Ofsted', ['On workforce']]]);
    expect(variant?.subject).toBe('Inspection & Ofsted · week 31');
  });

  it('gives a subscriber following none of the issue themes no email', () => {
    expect(variantOf(issue, ['no-such-theme'], config)).toBeNull();
    expect(variantKey(issue, ['no-such-theme'])).toBeNull();
  });

  it('gives a subscriber who chose no themes everything, "More posts" included, sections ranked by their posts', () => {
    expect(variantOf(issue, [], config)?.sections.map((s) => s.name)).toEqual(['Inspection & Ofsted', 'Workforce', 'Ministers <and> policy', MORE_POSTS]);
  });

  it('does not touch the issue', () => {
    const kept = frozen(issue);
    expect(() => variantOf(kept, ['workforce'], config)).not.toThrow();
    expect(kept).toEqual(issue);
  });

  it('keys a variant by the followed themes that place a post, in any order', () => {
    expect(variantKey(issue, ['policy', 'inspection', 'gone'])).toBe('inspection,policy');
    expect(variantKey(issue, ['inspection', 'policy'])).toBe('inspection,policy');
    // Following workforce as well changes where "On workforce" goes.
    expect(variantKey(issue, ['inspection', 'policy', 'workforce'])).toBe('inspection,policy,workforce');
    expect(variantKey(issue, ['workforce'])).toBe('workforce');
    expect(variantKey(issue, [])).toBe('*');
  });

  it('keys a choice that changes nothing in the issue as the whole issue', () => {
    const themed = planIssues(posts.slice(0, 3), config).issues[0] as Issue;
    expect(variantKey(themed, ['inspection', 'policy', 'workforce', 'gone'])).toBe('*');
    expect(variantOf(themed, ['inspection', 'policy', 'workforce'], config)).toBe(themed);
    // Without workforce, "On workforce" moves to inspection: not the whole issue.
    expect(variantKey(themed, ['inspection', 'policy'])).toBe('inspection,policy');
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
    expect(html).toContain('On workforce');
    for (const absent of ['On nothing much', 'Workforce</h2>', 'More posts']) {
      expect(html).not.toContain(absent);
      expect(text).not.toContain(absent.replace('</h2>', ''));
    }
    expect(two.subject).toBe('Inspection & Ofsted, Ministers <and> policy · week 31');
  });
});
