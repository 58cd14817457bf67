import { DateTime } from 'luxon';
import type { Plan } from '../../explain/read.js';
import { themeWhy } from '../../explain/text.js';
import type { PlannedPost } from '../../explain/issue.js';
import type { SubscriberExplanation } from '../../explain/subscriber.js';
import type { Subscriber } from '../../store/store.js';
import { esc } from './html.js';

export interface PlanPageModel {
  readonly plan: Plan;
  /** The subscribers to pick from (the store's first ones, by id). */
  readonly subscribers: readonly Pick<Subscriber, 'email' | 'status' | 'themes'>[];
  /** The issue asked for by id; absent: the next one. */
  readonly issueId?: string;
  readonly timeZone: string;
  /** Something the page could not show (an unknown subscriber), already in words. */
  readonly problem?: string;
}

/** `tidings plan` in the preview: the issue's posts with why, what was left out, and the plan of a subscriber picked from the list. */
export function planMain(m: PlanPageModel): string {
  const { plan } = m;
  const { issue } = plan;
  const day = (iso: string | null): string => (iso === null ? 'unknown' : (DateTime.fromISO(iso, { zone: m.timeZone }).toFormat('d LLL yyyy, HH:mm') ?? iso));
  const state = issue.status === 'sent' ? `sent ${day(issue.sentAt)}` : `${issue.status === 'not recorded' ? 'not sent' : issue.status}, ${issue.due ? 'due since' : 'due'} ${day(issue.dueAt)}`;
  const roundup = issue.postCount > 0 ? ` · <a href="/roundups/${encodeURIComponent(issue.id)}">Preview the roundup</a>` : '';
  return [
    `<h1>${plan.next ? 'Next issue' : 'Issue'}: ${esc(issue.label)}${issue.number === null ? '' : ` (issue ${issue.number})`}</h1>`,
    `<p class="meta" data-testid="plan-issue">${esc(issue.id)} · ${esc(issue.range)} · ${esc(state)}${issue.subject === null ? '' : ` · ${esc(issue.subject)}`}${roundup}</p>`,
    m.problem === undefined ? '' : `<p class="notice bad" role="alert">${esc(m.problem)}</p>`,
    subscriberForm(m),
    plan.subscriber === undefined ? '' : subscriberPanel(plan.subscriber, day),
    '<h2>Posts in the issue, and why</h2>',
    issue.postCount === 0 ? '<p class="empty">No posts in it yet.</p>' : postsTable(plan, day),
    leftOutTable(plan, day),
  ].join('\n');
}

function subscriberForm(m: PlanPageModel): string {
  const chosen = m.plan.subscriber?.email;
  const options = m.subscribers.map((s) => {
    const follows = s.themes.length === 0 ? 'every theme' : s.themes.join(', ');
    return `<option value="${esc(s.email)}"${s.email === chosen ? ' selected' : ''}>${esc(`${s.email} (${s.status}; ${follows})`)}</option>`;
  });
  return [
    '<form class="toolbar" method="get" action="/plan" aria-label="A subscriber’s plan">',
    m.issueId === undefined ? '' : `<input type="hidden" name="issue" value="${esc(m.issueId)}">`,
    '<label for="plan-subscriber">Subscriber</label> ',
    `<select id="plan-subscriber" name="subscriber"><option value="">(the issue only)</option>${options.join('')}</select> `,
    '<button type="submit">Show their plan</button>',
    m.subscribers.length === 0 ? ' <span class="small">No subscribers in the store yet (tidings subscribers add).</span>' : '',
    '</form>',
  ].join('');
}

function subscriberPanel(s: SubscriberExplanation, day: (iso: string | null) => string): string {
  const follows = s.themes.length === 0 ? 'every theme' : s.themes.join(', ');
  const head = `<h2>What ${esc(s.email)} gets</h2><p class="meta">${esc(s.status)}${s.since === null ? '' : ` since ${esc(day(s.since))}`} · follows ${esc(follows)}${
    s.delivery === null ? '' : ` · delivery of this issue: ${esc(s.delivery.status)}`
  }</p>`;
  if (s.noMail !== null) return `<section data-testid="subscriber-plan">${head}<p class="notice bad" data-testid="no-mail">No mail for this issue: ${esc(s.noMail.detail)}</p></section>`;
  const gets = s.sections.flatMap((section) => section.posts.map((post) => `<tr><td>${esc(section.name)}</td><td>${esc(post.title)}</td><td>${esc(post.detail)}</td></tr>`));
  const missed = s.notGetting.map((post) => `<tr><td>${esc(post.title)}</td><td>${esc(post.detail)}</td></tr>`);
  return [
    '<section data-testid="subscriber-plan">',
    head,
    `<p data-testid="variant">Variant: ${esc(s.variant === '*' ? 'the whole issue' : (s.variant ?? ''))} · subject: ${esc(s.subject ?? '')}</p>`,
    '<table class="list" data-testid="gets"><caption>Posts they get</caption><thead><tr><th scope="col">Section</th><th scope="col">Post</th><th scope="col">Why there</th></tr></thead>',
    `<tbody>${gets.join('')}</tbody></table>`,
    missed.length === 0
      ? ''
      : `<table class="list" data-testid="not-getting"><caption>Posts they do not get</caption><thead><tr><th scope="col">Post</th><th scope="col">Why not</th></tr></thead><tbody>${missed.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function postsTable(plan: Plan, day: (iso: string | null) => string): string {
  const why = (post: PlannedPost): string =>
    [
      post.importedAt === null ? 'imported before tidings kept the date' : `imported ${day(post.importedAt)}`,
      themeWhy(post.themeReason) + (post.themesChangedSinceImport ? ' (stored themes differ: the config changed since the import)' : ''),
      post.mailed ? 'mailed in this issue' : 'not mailed before',
    ].join(' · ');
  const rows = plan.sections.flatMap((section) => section.posts.map((post) => `<tr><td>${esc(section.name)}</td><td>${esc(post.title)}</td><td>${esc(why(post))}</td></tr>`));
  return `<table class="list" data-testid="plan-posts"><thead><tr><th scope="col">Section</th><th scope="col">Post</th><th scope="col">Why it is in</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function leftOutTable(plan: Plan, day: (iso: string | null) => string): string {
  if (plan.leftOut.length === 0) return '';
  const rows = plan.leftOut.map((post) => {
    const when = post.reason === 'withdrawn' || post.reason === 'expired' || post.reason === 'scheduled' ? ` (${day(post.at)})` : '';
    return `<tr><td>${esc(post.title)}</td><td>${esc(post.detail + when)}</td></tr>`;
  });
  return `<h2>Left out</h2><table class="list" data-testid="left-out"><thead><tr><th scope="col">Post</th><th scope="col">Why</th></tr></thead><tbody>${rows.join('')}</tbody></table>\n<p class="small">The same, for a script: tidings plan --json.</p>`;
}
