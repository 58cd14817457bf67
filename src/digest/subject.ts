import type { Config } from '../config/schema.js';
import { shorten } from './excerpt.js';
import type { IssueSection, Period } from './model.js';
import { fillSubject, lengthBeforeDate, type SubjectPlaceholder } from './subject-form.js';

/** Longest preheader, in characters: most clients show 40 to 140. */
export const MAX_PREHEADER = 140;

/** Room for a subject before its date part, in characters: what phones show of a subject line. */
export const SUBJECT_ROOM = 60;

/**
 * The sections as the subject names them: most posts first, the order they
 * come in (config order) on a tie, "More posts" last. The one ranking: the
 * plan orders an issue's sections, and each variant's, by it, and the subject
 * and the preheader name them in that order. Pure.
 */
export function leadOrder(sections: readonly IssueSection[]): IssueSection[] {
  const indexed = sections.map((section, index) => ({ section, index }));
  indexed.sort((a, b) => {
    const more = Number(a.section.theme === null) - Number(b.section.theme === null);
    if (more !== 0) return more;
    return b.section.posts.length - a.section.posts.length || a.index - b.index;
  });
  return indexed.map((i) => i.section);
}

/**
 * The subject of an issue (or a variant) whose sections are `sections`, in
 * their order (already ranked by leadOrder): digest.subject filled, its
 * `{themes}` as many theme names as fit in SUBJECT_ROOM characters with the
 * rest counted ("Blame and culture, Ofsted + 2 more"). Theme names are joined
 * by commas, or by semicolons when one of them holds a comma. An issue of
 * "More posts" only names its count ("3 new posts").
 */
export function subjectFor(period: Period, sections: readonly IssueSection[], config: Pick<Config, 'digest' | 'site' | 'themes'>): string {
  const form = config.digest.subject;
  const count = sections.reduce((n, s) => n + s.posts.length, 0);
  const posts = `${count} new ${count === 1 ? 'post' : 'posts'}`;
  const base: Record<SubjectPlaceholder, string> = { themes: posts, when: period.short, period: period.label, posts, site: config.site.title };
  const subjectNames = new Map(config.themes.map((t) => [t.slug, t.subjectName ?? t.name]));
  const names = sections.flatMap((s) => (s.theme === null ? [] : [subjectNames.get(s.theme) ?? s.name]));
  if (names.length === 0) return fillSubject(form, base);
  const separator = names.some((name) => name.includes(',')) ? '; ' : ', ';
  const listed = (k: number): string => {
    const rest = names.length - k;
    return `${names.slice(0, k).join(separator)}${rest > 0 ? ` + ${rest} more` : ''}`;
  };
  for (let k = names.length; k >= 1; k--) {
    const values = { ...base, themes: listed(k) };
    if (lengthBeforeDate(form, values) <= SUBJECT_ROOM) return fillSubject(form, values);
  }
  // Not even the lead theme fits whole: shorten it to the room left.
  const suffix = listed(1).slice((names[0] ?? '').length);
  const room = SUBJECT_ROOM - lengthBeforeDate(form, { ...base, themes: '' }) - suffix.length;
  return fillSubject(form, { ...base, themes: `${shorten(names[0] ?? '', Math.max(room, 12))}${suffix}` });
}

/** Titles of the top posts (the first post of each of the first sections, in their order), at most MAX_PREHEADER characters. */
export function preheaderFor(sections: readonly IssueSection[]): string {
  const titles = sections.slice(0, 3).flatMap((s) => (s.posts[0] ? [s.posts[0].title] : []));
  return shorten(titles.join(' · '), MAX_PREHEADER);
}
