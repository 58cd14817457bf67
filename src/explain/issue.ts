import type { Config } from '../config/schema.js';
import type { Post, Withdrawal } from '../model/post.js';
import { postState } from '../model/post-state.js';
import { explainThemes, type ThemeReason } from '../normalise/themes.js';
import type { IssueRecord, IssueStatus } from '../store/send-log-store.js';
import type { Issue } from '../digest/model.js';
import { periodOf } from '../digest/periods.js';
import { primaryTheme } from '../digest/sections.js';

/**
 * `tidings plan`: why an issue holds what it holds. A pure stage: the
 * issue as the sender plans it, every stored post, what the store knows of
 * imports and sends, and the clock in; an Explanation out. Nothing here
 * decides what goes in an issue or a variant: it reads the plan (digest/plan.ts)
 * and the variants (digest/variant.ts, through subscriber.ts) and says why.
 * The Explanation is also the `--json` output (docs/formats.md): fields are
 * only ever added.
 */

export interface IssueFacts {
  readonly id: string;
  /** null for a period that has no posts yet (nothing is numbered before it has posts). */
  readonly number: number | null;
  readonly label: string;
  /** "13 – 19 October 2025". */
  readonly range: string;
  readonly start: string;
  readonly end: string;
  readonly subject: string | null;
  /** When it can be sent: the end of its period. */
  readonly dueAt: string;
  readonly due: boolean;
  /** The stored send state; 'not recorded' until a send or the scheduler records it. */
  readonly status: IssueStatus | 'not recorded';
  readonly sentAt: string | null;
  readonly postCount: number;
}

/** Why a post is in the issue. */
export interface PlannedPost {
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly published: string;
  /** When it first came into the store; null when stored before tidings recorded it. */
  readonly importedAt: string | null;
  /** Its configured themes, primary first. */
  readonly themes: readonly string[];
  /** 'primary': under its primary theme; 'no-theme': in "More posts", having no configured theme. */
  readonly placed: 'primary' | 'no-theme';
  /** Where its themes came from, as the config decides it now. */
  readonly themeReason: ThemeReason;
  /** True when the config now gives other themes than it was stored with (it changed since the import; the next import of its file updates them). */
  readonly themesChangedSinceImport: boolean;
  /** Whether it has been mailed in this issue: the issue was sent, and the post was in the store by then. */
  readonly mailed: boolean;
}

export interface PlannedSection {
  /** null for "More posts". */
  readonly theme: string | null;
  readonly name: string;
  readonly posts: readonly PlannedPost[];
}

export type LeftOutReason = 'withdrawn' | 'scheduled' | 'expired' | 'earlier-issue';

/** A post that is not in the issue, and why. */
export interface LeftOutPost {
  readonly id: string;
  readonly title: string;
  readonly published: string;
  readonly importedAt: string | null;
  readonly reason: LeftOutReason;
  /** The instant the reason turns on: withdrawn at, publishes at (scheduled), expired at; for earlier-issue its issue's send, when it was sent. */
  readonly at: string | null;
  /** The issue its date puts it in (scheduled, earlier-issue). */
  readonly issue: string | null;
  /** Withdrawn: what took it down and why. */
  readonly withdrawal?: Withdrawal;
  /** earlier-issue: true when that issue had been sent before the post was imported, so it is never mailed. */
  readonly neverMailed?: boolean;
  /** In a few words, for a person. */
  readonly detail: string;
}

export interface IssueExplanation {
  readonly version: 1;
  /** Whether the issue was chosen as the next one (no --issue). */
  readonly next: boolean;
  readonly issue: IssueFacts;
  readonly sections: readonly PlannedSection[];
  readonly leftOut: readonly LeftOutPost[];
  /** Posts left out of every roundup (an unreadable date), with why. */
  readonly problems: readonly string[];
}

export interface ExplainInput {
  /** The issue, planned as the sender plans it (posts up now, numbered); one with no sections for a period with no posts yet. */
  readonly issue: Issue;
  readonly next: boolean;
  /** The number it has or would get; null for a period with no posts. */
  readonly number: number | null;
  /** Every issue as planned, oldest first. */
  readonly issues: readonly Issue[];
  /** Every stored post, withdrawn, scheduled and expired ones included. */
  readonly posts: readonly Post[];
  readonly importedAt: ReadonlyMap<string, string>;
  /** Every recorded issue (send state). */
  readonly records: readonly IssueRecord[];
  readonly problems: readonly string[];
  readonly config: Config;
  readonly now: Date;
}

/** Why the issue holds each of its posts, and why the others nearby are not in it. Pure. */
export function explainIssue(input: ExplainInput): IssueExplanation {
  const { issue, config, now } = input;
  const byId = new Map(input.posts.map((post) => [post.id, post]));
  const record = input.records.find((r) => r.id === issue.id);
  const sent = record?.status === 'sent';
  const declared = new Set(config.themes.map((t) => t.slug));
  const sections = issue.sections.map((section) => ({
    theme: section.theme,
    name: section.name,
    posts: section.posts.map((view): PlannedPost => {
      const post = byId.get(view.id);
      const importedAt = input.importedAt.get(view.id) ?? null;
      const reason = post === undefined ? ({ kind: 'none', themes: [] } as const) : themeReasonOf(post, config);
      const stored = post === undefined ? [] : post.themes.filter((slug) => declared.has(slug));
      return {
        id: view.id,
        title: view.title,
        url: view.url,
        published: view.published,
        importedAt,
        themes: view.themes,
        placed: section.theme !== null && section.theme === primaryTheme(view.themes, declared) ? 'primary' : 'no-theme',
        themeReason: reason,
        themesChangedSinceImport: post !== undefined && reason.themes.filter((slug) => declared.has(slug)).join(',') !== stored.join(','),
        // Mailed with the issue unless it came in after the issue went out (dated back into it).
        mailed: sent && (importedAt === null || record?.sentAt == null || importedAt <= record.sentAt),
      };
    }),
  }));
  const postCount = sections.reduce((n, s) => n + s.posts.length, 0);
  return {
    version: 1,
    next: input.next,
    issue: {
      id: issue.id,
      number: input.number,
      label: issue.period.label,
      range: issue.period.range,
      start: issue.period.start,
      end: issue.period.end,
      subject: postCount === 0 ? null : issue.subject,
      dueAt: issue.period.end,
      due: Date.parse(issue.period.end) <= now.getTime(),
      status: record?.status ?? 'not recorded',
      sentAt: record?.sentAt ?? null,
      postCount,
    },
    sections,
    leftOut: leftOut(input, new Set(sections.flatMap((s) => s.posts.map((p) => p.id)))),
    problems: input.problems,
  };
}

function themeReasonOf(post: Post, config: Config): ThemeReason {
  return explainThemes({ title: post.titleDerived ? '' : post.title, text: post.text }, post.tags, config);
}

/**
 * The posts not in the issue that a publisher would look for: those dated
 * in its period that are down (withdrawn, expired) or not up yet
 * (scheduled); scheduled ones of later periods when the issue is the newest
 * planned; and those imported since the last send whose date puts them in
 * an earlier issue.
 */
function leftOut(input: ExplainInput, inIssue: ReadonlySet<string>): LeftOutPost[] {
  const { issue, config, now } = input;
  const { timeZone, language } = config.site;
  const newest = input.issues.at(-1);
  const isNewest = newest === undefined || Date.parse(newest.period.start) <= Date.parse(issue.period.start);
  const records = new Map(input.records.map((r) => [r.id, r]));
  const lastSend = input.records.reduce<string | null>((latest, r) => (r.sentAt !== null && (latest === null || r.sentAt > latest) ? r.sentAt : latest), null);
  const start = Date.parse(issue.period.start);
  const out: LeftOutPost[] = [];
  for (const post of input.posts) {
    if (inIssue.has(post.id)) continue;
    let period: string;
    let periodStart: number;
    try {
      const p = periodOf(post.published, config.digest.period, timeZone, language);
      period = p.id;
      periodStart = Date.parse(p.start);
    } catch {
      continue; // Reported among the problems.
    }
    const importedAt = input.importedAt.get(post.id) ?? null;
    const base = { id: post.id, title: post.title, published: post.published, importedAt };
    const state = postState(post, now);
    const here = period === issue.id;
    if (state === 'withdrawn' && here && post.withdrawn !== undefined) {
      const w = post.withdrawn;
      out.push({ ...base, reason: 'withdrawn', at: w.at, issue: null, withdrawal: w, detail: `withdrawn (${w.cause}): ${w.reason}` });
    } else if (state === 'expired' && here) {
      out.push({ ...base, reason: 'expired', at: post.expires ?? null, issue: null, detail: 'expired: past its expiry date' });
    } else if (state === 'scheduled' && (here || (isNewest && periodStart > start))) {
      const detail = here ? 'scheduled: joins this issue once its date comes' : `scheduled for later: goes in issue ${period}`;
      out.push({ ...base, reason: 'scheduled', at: post.published, issue: period, detail });
    } else if (state === 'published' && periodStart < start && lastSend !== null && importedAt !== null && importedAt > lastSend) {
      const earlier = records.get(period);
      const sentAt = earlier?.status === 'sent' ? earlier.sentAt : null;
      const neverMailed = sentAt !== null && importedAt > sentAt;
      const detail = neverMailed
        ? `dated in issue ${period}, sent before it was imported: never mailed`
        : `dated in an earlier issue, ${period} (${earlier?.status ?? 'not sent'})`;
      out.push({ ...base, reason: 'earlier-issue', at: sentAt, issue: period, neverMailed, detail });
    }
  }
  return out.sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || (a.id < b.id ? -1 : 1));
}
