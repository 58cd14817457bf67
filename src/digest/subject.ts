import { shorten } from './excerpt.js';
import type { IssueSection } from './model.js';

/** Longest preheader, in characters: most clients show 40 to 140. */
export const MAX_PREHEADER = 140;

/** Theme sections by size (largest first; config order breaks ties), then "More posts". */
export function leadOrder(sections: readonly IssueSection[]): IssueSection[] {
  const indexed = sections.map((section, index) => ({ section, index }));
  indexed.sort((a, b) => {
    const more = Number(a.section.theme === null) - Number(b.section.theme === null);
    if (more !== 0) return more;
    return b.section.posts.length - a.section.posts.length || a.index - b.index;
  });
  return indexed.map((i) => i.section);
}

/** "Week 31, 2019: Inspection and Ofsted · Workforce · 2 more themes": the period and its lead themes (theme names may hold "and" or commas, so a middle dot separates them). */
export function subjectFor(periodLabel: string, sections: readonly IssueSection[]): string {
  const themed = leadOrder(sections).filter((s) => s.theme !== null);
  if (themed.length === 0) {
    const count = sections.reduce((n, s) => n + s.posts.length, 0);
    return `${periodLabel}: ${count} new ${count === 1 ? 'post' : 'posts'}`;
  }
  const names = themed.map((s) => shorten(s.name, 60));
  const rest = names.length - 2;
  const lead = names.slice(0, 2).join(' · ');
  return rest > 0 ? `${periodLabel}: ${lead} · ${rest} more ${rest === 1 ? 'theme' : 'themes'}` : `${periodLabel}: ${lead}`;
}

/** Titles of the top posts (the first post of each section, lead section first), at most MAX_PREHEADER characters. */
export function preheaderFor(sections: readonly IssueSection[]): string {
  const titles = leadOrder(sections)
    .slice(0, 3)
    .flatMap((s) => (s.posts[0] ? [s.posts[0].title] : []));
  return shorten(titles.join(' · '), MAX_PREHEADER);
}
