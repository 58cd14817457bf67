import type { Config } from '../config/schema.js';
import type { Delivery, DeliveryStatus, Subscriber, SubscriberStatus } from '../store/store.js';
import type { Issue, IssuePost } from '../digest/model.js';
import { variantKey, variantOf } from '../digest/variant.js';

/**
 * One subscriber's part of `tidings plan --subscriber`: the variant the
 * sender would give them and why each post is, or is not, in it. The
 * variant comes from digest/variant.ts exactly as the sender makes it (the
 * audience rule of send/eligible.ts: active, then variantKey; the sections
 * of variantOf for that key, as digest/issue-renderer.ts renders them), so the
 * explanation follows whatever rule places a post; only the words are
 * made here. Pure.
 */

export type NoMailReason = Exclude<SubscriberStatus, 'active'> | 'follows-none' | 'empty';

export interface SubscriberPost {
  readonly id: string;
  readonly title: string;
  /**
   * - primary: under its primary theme (one they follow, or they follow everything);
   * - followed-theme: under a theme of the post they follow that is not its primary;
   * - no-theme: in "More posts" (they follow everything).
   */
  readonly placed: 'primary' | 'followed-theme' | 'no-theme';
  readonly detail: string;
}

export interface SubscriberSection {
  readonly theme: string | null;
  readonly name: string;
  readonly posts: readonly SubscriberPost[];
}

export interface MissedPost {
  readonly id: string;
  readonly title: string;
  readonly themes: readonly string[];
  /**
   * - theme-not-followed: none of its themes is one they follow;
   * - no-theme: it has no theme ("More posts" goes only to those who follow everything);
   * - not-in-variant: it has a theme they follow, yet their variant does not hold it;
   * - no-mail: they get no mail for this issue at all (see SubscriberExplanation.noMail).
   */
  readonly reason: 'theme-not-followed' | 'no-theme' | 'not-in-variant' | 'no-mail';
  readonly detail: string;
}

export interface SubscriberExplanation {
  readonly email: string;
  readonly name: string;
  readonly status: SubscriberStatus;
  /** Chosen theme slugs; empty: every theme. */
  readonly themes: readonly string[];
  /** The instant their status began: confirmedAt (active), unsubscribedAt (left), createdAt (pending). */
  readonly since: string | null;
  /** The variant's key ('*': the whole issue, else its theme slugs), or null: no mail. */
  readonly variant: string | null;
  readonly subject: string | null;
  /** Why they get no mail for this issue, when they get none. */
  readonly noMail: { readonly reason: NoMailReason; readonly detail: string } | null;
  readonly sections: readonly SubscriberSection[];
  readonly notGetting: readonly MissedPost[];
  /** Their delivery of this issue, when the send log has one. */
  readonly delivery: { readonly status: DeliveryStatus; readonly sentAt: string | null; readonly attempts: number } | null;
}

export interface SubscriberInput {
  readonly issue: Issue;
  readonly subscriber: Subscriber;
  readonly delivery: Delivery | undefined;
  /** Theme names by slug, for the words. */
  readonly themeNames: ReadonlyMap<string, string>;
  /** What the variant's sections and subject are made by (the sender's own config). */
  readonly config: Pick<Config, 'digest' | 'site' | 'themes'>;
}

export function explainSubscriber(input: SubscriberInput): SubscriberExplanation {
  const { issue, subscriber } = input;
  const name = (slug: string): string => input.themeNames.get(slug) ?? slug;
  const all = issue.sections.flatMap((s) => s.posts);
  const since = subscriber.status === 'active' ? subscriber.confirmedAt : subscriber.status === 'pending' ? subscriber.createdAt : subscriber.unsubscribedAt;
  const delivery = input.delivery === undefined ? null : { status: input.delivery.status, sentAt: input.delivery.sentAt, attempts: input.delivery.attempts };
  const base = { email: subscriber.email, name: subscriber.name, status: subscriber.status, themes: subscriber.themes, since, delivery };
  const none = (reason: NoMailReason, detail: string): SubscriberExplanation => ({
    ...base,
    variant: null,
    subject: null,
    noMail: { reason, detail },
    sections: [],
    notGetting: all.map((post) => ({ id: post.id, title: post.title, themes: post.themes, reason: 'no-mail', detail })),
  });

  if (subscriber.status !== 'active') return none(subscriber.status, statusWords(subscriber.status, since));
  if (all.length === 0) return none('empty', 'the issue has no posts yet');
  // As the sender: the audience rule (send/eligible.ts variantFor), then the sections of that key (digest/issue-renderer.ts).
  const key = variantKey(issue, subscriber.themes);
  const variant = key === null ? null : variantOf(issue, key === '*' ? [] : key.split(','), input.config);
  if (key === null || variant === null) return none('follows-none', `follows none of this issue's themes (${[...new Set(all.flatMap((post) => post.themes))].join(', ') || 'none'})`);

  const followed = new Set(subscriber.themes);
  const everything = subscriber.themes.length === 0;
  const sections = variant.sections.map((section) => ({
    theme: section.theme,
    name: section.name,
    posts: section.posts.map((post) => placement(post, section.theme, everything, name)),
  }));
  const got = new Set(sections.flatMap((s) => s.posts.map((p) => p.id)));
  const notGetting = all.filter((post) => !got.has(post.id)).map((post) => missed(post, followed, name));
  return { ...base, variant: key, subject: variant.subject, noMail: null, sections, notGetting };
}

function placement(post: IssuePost, section: string | null, everything: boolean, name: (slug: string) => string): SubscriberPost {
  const base = { id: post.id, title: post.title };
  if (section === null) return { ...base, placed: 'no-theme', detail: 'in no theme: More posts, as they follow everything' };
  const primary = post.themes[0];
  if (section === primary) return { ...base, placed: 'primary', detail: everything ? 'its primary theme (they follow everything)' : 'its primary theme, which they follow' };
  return { ...base, placed: 'followed-theme', detail: `the first of its themes they follow (primary: ${name(primary ?? '')}, not followed)` };
}

function missed(post: IssuePost, followed: ReadonlySet<string>, name: (slug: string) => string): MissedPost {
  const base = { id: post.id, title: post.title, themes: post.themes };
  if (post.themes.length === 0) return { ...base, reason: 'no-theme', detail: 'in no theme: More posts goes only to those who follow every theme' };
  const names = post.themes.map(name).join(', ');
  if (!post.themes.some((slug) => followed.has(slug))) return { ...base, reason: 'theme-not-followed', detail: `on ${names}: ${post.themes.length === 1 ? 'a theme' : 'themes'} they do not follow` };
  return { ...base, reason: 'not-in-variant', detail: `on ${names}: only under its primary theme, ${name(post.themes[0] ?? '')}, which they do not follow` };
}

function statusWords(status: Exclude<SubscriberStatus, 'active'>, since: string | null): string {
  const when = since === null ? '' : ` since ${since}`;
  switch (status) {
    case 'pending':
      return `pending${when}: no mail until they confirm their address`;
    case 'unsubscribed':
      return `no mail at all: unsubscribed${when}`;
    case 'bounced':
      return `no mail at all: suppressed, their address bounced${when}`;
    case 'complained':
      return `no mail at all: suppressed, they reported a roundup as spam${when}`;
  }
}
