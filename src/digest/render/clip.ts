import type { Issue } from '../model.js';

/**
 * Clipping: an issue too large for one email even without excerpts keeps
 * its first posts (in section order) as cards, and lists the others by
 * title under "N more posts this week", with a link to the web version,
 * before the footer. Gmail clips an HTML part over about 102 KB behind
 * "View entire message" and hides what follows, the unsubscribe footer
 * first; a clipped roundup keeps the footer in view.
 */

/** What the templates see as `more` (null when every post is a card). */
export interface MoreView {
  readonly count: number;
  /** "12 more posts this week". */
  readonly label: string;
  readonly posts: readonly { readonly title: string; readonly url: string; readonly section: string }[];
}

export interface Clip {
  /** The issue with only the kept posts in its sections (empty sections left out); its postCount is still the whole issue's. */
  readonly kept: Issue;
  readonly more: MoreView | null;
}

/** The issue with its first `keep` posts as cards and the rest in the list. */
export function clipIssue(issue: Issue, keep: number): Clip {
  let left = Math.max(0, keep);
  const moved: { title: string; url: string; section: string }[] = [];
  const sections = issue.sections.flatMap((section) => {
    const cards = section.posts.slice(0, left);
    left -= cards.length;
    for (const post of section.posts.slice(cards.length)) moved.push({ title: post.title, url: post.url, section: section.name });
    return cards.length === 0 ? [] : [{ ...section, posts: cards }];
  });
  if (moved.length === 0) return { kept: issue, more: null };
  return { kept: { ...issue, sections }, more: { count: moved.length, label: moreLabel(moved.length, issue), posts: moved } };
}

/**
 * The largest number of cards whose email fits in `budget` bytes, and its
 * rendering. `render(keep)` renders the issue with `keep` cards and returns
 * its size; sizes fall as cards move to the list, so the search narrows
 * the range of `keep`, every other step guessing from the sizes on either
 * side (a card costs about what the next does) and halving it in between:
 * a few renderings, never more than twice a bisection's.
 * When not even one card fits, none is kept (and the caller warns).
 */
export function fitCards<R extends { readonly maxHtmlBytes: number }>(total: number, budget: number, render: (keep: number) => R, over: R): { keep: number; rendered: R } {
  const none = render(0);
  if (none.maxHtmlBytes > budget) return { keep: 0, rendered: none };
  let lo = { keep: 0, rendered: none };
  let hi = { keep: total, rendered: over };
  for (let step = 0; hi.keep - lo.keep > 1; step++) {
    const perCard = (hi.rendered.maxHtmlBytes - lo.rendered.maxHtmlBytes) / (hi.keep - lo.keep);
    const guess = step % 2 === 0 ? lo.keep + Math.floor((budget - lo.rendered.maxHtmlBytes) / Math.max(1, perCard)) : Math.floor((lo.keep + hi.keep) / 2);
    const keep = Math.min(hi.keep - 1, Math.max(lo.keep + 1, guess));
    const rendered = render(keep);
    if (rendered.maxHtmlBytes <= budget) lo = { keep, rendered };
    else hi = { keep, rendered };
  }
  return lo;
}

function moreLabel(count: number, issue: Issue): string {
  const when = issue.period.kind === 'daily' ? 'today' : issue.period.kind === 'monthly' ? 'this month' : 'this week';
  return `${count} more ${count === 1 ? 'post' : 'posts'} ${when}`;
}
