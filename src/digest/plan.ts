import type { Config } from '../config/schema.js';
import type { Post } from '../model/post.js';
import { periodKeysOf } from '../model/post-periods.js';
import { displayDate } from '../text/display-date.js';
import { dayOfKey, dayWords } from './day-words.js';
import { issuePost } from './issue-post.js';
import type { Issue, IssuePlan, IssuePost, Period, PeriodKind } from './model.js';
import { periodOfKey } from './period-of-key.js';
import { periodOf } from './periods.js';
import { sectionsFor } from './sections.js';
import { preheaderFor, subjectFor } from './subject.js';

interface Placed {
  readonly post: IssuePost;
  readonly ms: number;
  readonly sequence: number;
}

/**
 * Every roundup of the blog, oldest first: the posts grouped into periods
 * (config.digest.period, in config.site.timeZone), periods without posts
 * skipped, numbered 1, 2, 3… Inside an issue, one section per theme (a
 * post appears once, under its primary theme), ranked as the subject names
 * them (most posts first, config order on a tie), then "More posts"; posts
 * oldest first. Pure: no clock, no I/O; the posts are not
 * touched. A post with an unreadable date is left out and reported.
 *
 * A post read from the store carries its period keys (model/post-periods.ts):
 * it joins its group by key, and the period (bounds, label, range) and the
 * words of each day are worked out once, for the first post of the period
 * or day, from the key (period-of-key.ts: Intl and integer arithmetic;
 * luxon only where that cannot say what luxon would). A post without fresh keys is placed the slow way
 * (periodOf); the plan is the same either way.
 */
export function planIssues(posts: readonly Post[], config: Config): IssuePlan {
  const declared = new Set(config.themes.map((t) => t.slug));
  const { timeZone, language } = config.site;
  const groups = new Map<string, { period: Period; placed: Placed[] }>();
  const seen = new Set<string>();
  const problems: string[] = [];
  const kind = config.digest.period;
  const days = new Map<string, string>();
  for (const post of posts) {
    if (seen.has(post.id)) continue;
    seen.add(post.id);
    let placed: Placed;
    let period: Period;
    try {
      const keys = periodKeysOf(post, timeZone);
      const dateOf =
        keys === undefined
          ? undefined
          : (iso: string): string => {
              let words = days.get(keys.daily);
              if (words === undefined) {
                const day = dayOfKey(keys.daily);
                words = day === undefined ? displayDate(iso, config) : dayWords(day, language);
                days.set(keys.daily, words);
              }
              return words;
            };
      const view = issuePost(post, config, declared, dateOf);
      const ms = Date.parse(view.published);
      const known =
        keys === undefined
          ? undefined
          : (groups.get(keys[kind])?.period ?? periodOfKey(keys[kind], kind, timeZone, language, ms) ?? rememberedPeriodOf(config, view.published, kind, timeZone, language));
      period = known ?? periodOf(view.published, kind, timeZone, language);
      placed = { post: view, ms, sequence: post.sequence };
    } catch (error) {
      problems.push(`post ${post.id} ("${post.title}") left out of the roundups: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const group = groups.get(period.id);
    if (group) group.placed.push(placed);
    else groups.set(period.id, { period, placed: [placed] });
  }
  const ordered = [...groups.values()].sort((a, b) => Date.parse(a.period.start) - Date.parse(b.period.start));
  const issues = ordered.map(({ period, placed }, index) => makeIssue(period, index + 1, placed, config));
  return { issues, problems };
}

/**
 * periodOf remembered for the first post of each period (luxon, the costly
 * part of a plan with keys), for as long as the config object lives: a
 * build plans twice with one config, the preview again at each change. A
 * pure function of its four arguments, so the plan is the same without.
 */
const periodsByConfig = new WeakMap<Config, Map<string, Period>>();

function rememberedPeriodOf(config: Config, published: string, kind: PeriodKind, zone: string, language: string): Period {
  let periods = periodsByConfig.get(config);
  if (periods === undefined) periodsByConfig.set(config, (periods = new Map()));
  const key = `${kind}\u0000${zone}\u0000${language}\u0000${published}`;
  let period = periods.get(key);
  if (period === undefined) {
    period = periodOf(published, kind, zone, language);
    periods.set(key, period);
  }
  return period;
}

function makeIssue(period: Period, number: number, placed: Placed[], config: Config): Issue {
  const posts = [...placed].sort(oldestFirst).map((p) => p.post);
  const sections = sectionsFor(posts, config);
  let updated = period.end;
  for (const post of posts) if (Date.parse(post.updated) > Date.parse(updated)) updated = post.updated;
  return {
    id: period.id,
    number,
    period,
    date: period.end,
    subject: subjectFor(period, sections, config),
    preheader: preheaderFor(sections),
    sections,
    posts,
    postCount: posts.length,
    updated,
  };
}

function oldestFirst(a: Placed, b: Placed): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  return a.post.id < b.post.id ? -1 : a.post.id > b.post.id ? 1 : 0;
}

/** The issues whose period has ended by `now`: the ones a sender may send. Pure. */
export function dueIssues(issues: readonly Issue[], now: Date): Issue[] {
  const ms = now.getTime();
  return issues.filter((issue) => Date.parse(issue.date) <= ms);
}

/**
 * The issues without the posts in `withdrawn`: a roundup that was sent
 * is planned with the posts it went out with (so that it keeps its number
 * and its place), then those withdrawn since are taken out of its sections
 * and counted in `withdrawn`; its preheader (titles) is made again from what
 * is left, its subject (theme names) and the order of its sections stay as
 * sent. Pure.
 */
export function withoutWithdrawn(issues: readonly Issue[], withdrawn: ReadonlySet<string>): Issue[] {
  if (withdrawn.size === 0) return [...issues];
  return issues.map((issue) => {
    let removed = 0;
    const sections = issue.sections.flatMap((section) => {
      const posts = section.posts.filter((post) => !withdrawn.has(post.id));
      removed += section.posts.length - posts.length;
      if (posts.length === section.posts.length) return [section];
      return posts.length === 0 ? [] : [{ ...section, posts }];
    });
    if (removed === 0) return issue;
    const posts = issue.posts.filter((post) => !withdrawn.has(post.id));
    return { ...issue, sections, posts, postCount: issue.postCount - removed, preheader: preheaderFor(sections), withdrawn: removed };
  });
}
