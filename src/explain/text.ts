import { DateTime } from 'luxon';
import type { KeywordMatch, ThemeReason } from '../normalise/themes.js';
import type { Plan } from './read.js';
import type { IssueExplanation, LeftOutPost, PlannedPost } from './issue.js';
import type { SubscriberExplanation } from './subscriber.js';
import { shorten } from '../digest/excerpt.js';

/** Titles are cut to this many characters so that the reasons line up. */
const TITLE_WIDTH = 44;

/** `tidings plan` for a person: the issue, its sections with why, what was left out; then the subscriber's part. Pure. */
export function planText(plan: Plan, timeZone: string): string[] {
  const day = (iso: string | null): string => (iso === null ? 'unknown' : (DateTime.fromISO(iso, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm') ?? iso));
  const lines = issueLines(plan, day);
  if (plan.subscriber !== undefined) lines.push('', ...subscriberLines(plan.subscriber, day));
  return lines;
}

function issueLines(plan: IssueExplanation, day: (iso: string | null) => string): string[] {
  const { issue } = plan;
  const number = issue.number === null ? '' : ` (#${issue.number})`;
  const state =
    issue.status === 'sent'
      ? `sent ${day(issue.sentAt)}`
      : `${issue.status === 'not recorded' ? 'not sent' : issue.status}; ${issue.due ? 'due since' : 'due'} ${day(issue.dueAt)}`;
  const lines = [`${plan.next ? 'Next issue' : 'Issue'} ${issue.id}${number} · ${issue.range} · ${state}`];
  if (issue.subject !== null) lines.push(`Subject: ${issue.subject}`);
  const sections = plan.sections.length;
  lines.push(issue.postCount === 0 ? 'No posts in it yet.' : `${issue.postCount} ${issue.postCount === 1 ? 'post' : 'posts'} in ${sections} ${sections === 1 ? 'section' : 'sections'}:`);
  const rows: [string, string][] = [];
  for (const section of plan.sections) {
    rows.push([`  ${section.name}`, '']);
    for (const post of section.posts) rows.push([`    ${shorten(post.title, TITLE_WIDTH)}`, postWhy(post, day)]);
  }
  lines.push(...aligned(rows));
  if (plan.leftOut.length > 0) {
    lines.push('', 'Left out:');
    lines.push(...aligned(plan.leftOut.map((post) => [`  ${shorten(post.title, TITLE_WIDTH)}`, leftOutWhy(post, day)])));
  }
  for (const problem of plan.problems) lines.push(`warning: ${problem}`);
  return lines;
}

function postWhy(post: PlannedPost, day: (iso: string | null) => string): string {
  const imported = post.importedAt === null ? 'imported before tidings kept the date' : `imported ${day(post.importedAt)}`;
  const mailed = post.mailed ? 'mailed in this issue' : 'not mailed before';
  const changed = post.themesChangedSinceImport ? ' (stored themes differ: the config changed since the import)' : '';
  return `${imported} · ${themeWhy(post.themeReason)}${changed} · ${mailed}`;
}

/** "front matter: Beta, alpha", "keywords: alpha 4 (≥2: "ward" in title)", "in no theme". */
export function themeWhy(reason: ThemeReason): string {
  switch (reason.kind) {
    case 'stated':
      return `stated by its source: ${reason.tags.join(', ')}`;
    case 'default':
      return `default theme ${reason.themes.join('')} (no keyword rule reached its minimum)`;
    case 'none':
      return 'in no theme (no keyword rule reached its minimum; no default theme)';
    case 'rules':
      return `keywords: ${reason.scores.map((s) => `${s.theme} ${s.score}≥${s.minScore} (${topKeywords(s.matches)})`).join('; ')}`;
  }
}

/** The three keywords that scored most ("cover-up" in the title counts 3), and how many more matched. */
function topKeywords(matches: readonly KeywordMatch[]): string {
  const ranked = [...matches].sort((a, b) => 3 * b.inTitle + b.inText - (3 * a.inTitle + a.inText));
  const shown = ranked.slice(0, 3).map((m) => `"${m.keyword}"${m.inTitle > 0 ? ' in title' : ''}`);
  return ranked.length > 3 ? `${shown.join(', ')} +${ranked.length - 3}` : shown.join(', ');
}

function leftOutWhy(post: LeftOutPost, day: (iso: string | null) => string): string {
  switch (post.reason) {
    case 'withdrawn':
      return `withdrawn ${day(post.at)} (${post.withdrawal?.cause ?? '?'}): ${post.withdrawal?.reason ?? ''}`;
    case 'expired':
      return `expired ${day(post.at)}`;
    case 'scheduled':
      return post.detail.startsWith('scheduled:') ? `scheduled for ${day(post.at)}: joins this issue then` : `scheduled for ${day(post.at)}: in issue ${post.issue ?? '?'}`;
    case 'earlier-issue':
      return post.neverMailed
        ? `dated ${day(post.published)}, in issue ${post.issue ?? '?'}, sent ${day(post.at)} before it was imported: never mailed`
        : `dated ${day(post.published)}: in an earlier issue, ${post.issue ?? '?'}`;
  }
}

function subscriberLines(s: SubscriberExplanation, day: (iso: string | null) => string): string[] {
  const follows = s.themes.length === 0 ? 'every theme' : s.themes.join(', ');
  const lines = [`Subscriber ${s.email} · ${s.status}${s.since === null ? '' : ` since ${day(s.since)}`} · follows ${follows}`];
  if (s.delivery !== null) lines.push(`Delivery of this issue: ${s.delivery.status}${s.delivery.sentAt === null ? '' : ` ${day(s.delivery.sentAt)}`}`);
  if (s.noMail !== null) {
    lines.push(`No mail for this issue: ${s.noMail.detail}`);
    return lines;
  }
  const count = s.sections.reduce((n, section) => n + section.posts.length, 0);
  lines.push(`Variant: ${s.variant === '*' ? 'the whole issue' : (s.variant ?? '')} · subject: ${s.subject ?? ''}`);
  lines.push(`Gets ${count} ${count === 1 ? 'post' : 'posts'}:`);
  const rows: [string, string][] = [];
  for (const section of s.sections) {
    rows.push([`  ${section.name}`, '']);
    for (const post of section.posts) rows.push([`    ${shorten(post.title, TITLE_WIDTH)}`, post.detail]);
  }
  lines.push(...aligned(rows));
  if (s.notGetting.length > 0) {
    lines.push('Does not get:');
    lines.push(...aligned(s.notGetting.map((post) => [`  ${shorten(post.title, TITLE_WIDTH)}`, post.detail])));
  }
  return lines;
}

/** Two columns: the reasons start at one column (rows without a reason are headings). */
function aligned(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.filter(([, why]) => why !== '').map(([what]) => what.length));
  return rows.map(([what, why]) => (why === '' ? what : `${what.padEnd(width)}  ${why}`));
}
