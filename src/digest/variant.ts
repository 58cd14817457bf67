import type { Config } from '../config/schema.js';
import type { Issue } from './model.js';
import { sectionsFor } from './sections.js';
import { sectionThemeFor } from './section-rule.js';
import { preheaderFor, subjectFor } from './subject.js';

export { EVERYTHING, sectionThemeFor } from './section-rule.js';

/**
 * A variant is what one group of subscribers gets. The one rule
 * (sectionThemeFor): in a subscriber's issue a post appears once, in the
 * section of the first of its themes (in the post's own order, primary
 * first) that the subscriber follows; a subscriber who follows everything
 * (chose no themes) sees it under its primary theme, and the posts with no
 * theme under "More posts". A subscriber whose themes place no post gets no
 * email. The variants, the store's audience (send/eligible.ts) and the dry
 * run all follow it. Each variant is rendered once, however many
 * subscribers share it: its key is the set of followed themes that shape
 * the issue's content. Pure.
 */

/**
 * Key of the variant for a subscriber following `themes`: '*' for the whole
 * issue (none chosen, or a choice that changes nothing in this issue), else
 * the themes whose sections they get, sorted and joined by commas (the
 * followed themes that shape their issue: others they follow place no post);
 * null when they get nothing.
 */
export function variantKey(issue: Issue, themes: readonly string[]): string | null {
  if (themes.length === 0) return '*';
  const followed = new Set(themes);
  const used = new Set<string>();
  let whole = true;
  for (const post of issue.posts) {
    const theme = sectionThemeFor(post.themes, followed);
    if (theme === undefined || theme === null) {
      whole = false;
      continue;
    }
    used.add(theme);
    if (theme !== post.themes[0]) whole = false;
  }
  if (used.size === 0) return null;
  return whole ? '*' : [...used].sort().join(',');
}

/**
 * The issue as a subscriber following `themes` gets it (none = all): its
 * sections by sectionThemeFor, ranked, with its own subject and preheader;
 * null when no post is theirs. Pure.
 */
export function variantOf(issue: Issue, themes: readonly string[], config: Pick<Config, 'digest' | 'site' | 'themes'>): Issue | null {
  const key = variantKey(issue, themes);
  if (key === null) return null;
  if (key === '*') return issue;
  const sections = sectionsFor(issue.posts, config, new Set(themes));
  const kept = new Set(sections.flatMap((s) => s.posts.map((p) => p.id)));
  return {
    ...issue,
    sections,
    posts: issue.posts.filter((post) => kept.has(post.id)),
    subject: subjectFor(issue.period, sections, config),
    preheader: preheaderFor(sections),
    postCount: kept.size,
  };
}
