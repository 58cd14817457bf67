import type { Issue } from './model.js';
import { preheaderFor, subjectFor } from './subject.js';

/**
 * A variant is what one group of subscribers gets: the sections of the
 * themes they follow. Subscribers who chose no themes get every section
 * (including "More posts"); subscribers who chose some get only those (and
 * no email at all for an issue that has none of them). Each variant is
 * rendered once, however many subscribers share it.
 */

/** Key of the variant for a subscriber following `themes`: '*' for everything, else the followed slugs this issue has, sorted; null when they get nothing. */
export function variantKey(issue: Issue, themes: readonly string[]): string | null {
  if (themes.length === 0) return '*';
  const wanted = new Set(themes);
  const present = issue.sections.flatMap((s) => (s.theme !== null && wanted.has(s.theme) ? [s.theme] : []));
  return present.length === 0 ? null : present.sort().join(',');
}

/** The issue as a subscriber following `themes` gets it (none = all), with its own subject and preheader; null when none of its sections is theirs. Pure. */
export function variantOf(issue: Issue, themes: readonly string[]): Issue | null {
  if (themes.length === 0) return issue;
  const wanted = new Set(themes);
  const sections = issue.sections.filter((s) => s.theme !== null && wanted.has(s.theme));
  if (sections.length === 0) return null;
  if (sections.length === issue.sections.length) return issue;
  return {
    ...issue,
    sections,
    subject: subjectFor(issue.period.label, sections),
    preheader: preheaderFor(sections),
    postCount: sections.reduce((n, s) => n + s.posts.length, 0),
  };
}
