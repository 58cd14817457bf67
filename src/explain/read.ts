import { readdress } from '../addresses/readdress.js';
import type { Config } from '../config/schema.js';
import { InputError } from '../errors.js';
import { livePosts } from '../model/post-state.js';
import type { Store } from '../store/store.js';
import { checkAddress } from '../subscribers/address.js';
import { explainIssue, type IssueExplanation } from './issue.js';
import { explainSubscriber, type SubscriberExplanation } from './subscriber.js';
import type { Issue } from '../digest/model.js';
import { peekNumberedIssues } from '../build/numbered-issues.js';
import { periodOf } from '../digest/periods.js';
import { dueIssues } from '../digest/plan.js';

export type PlanStore = Pick<Store, 'listPosts' | 'issueNumbers' | 'postImportTimes' | 'listIssues' | 'findSubscriberByEmail' | 'findDeliveries'>;

export interface PlanRequest {
  /** An issue id (`2025-W42`); absent: the next issue. */
  readonly issue?: string;
  readonly subscriber?: string;
}

export interface Plan extends IssueExplanation {
  readonly subscriber?: SubscriberExplanation;
}

/**
 * Reads what `tidings plan` explains, from the store as it is now, planned
 * as the sender plans it (posts up now, with the addresses the config gives,
 * numbers as given so far: nothing is written), then explains it (pure).
 *
 * The next issue is the one `tidings send --latest` sends, while it has not
 * been sent; once it has, the issue of the period under way (which may have
 * no posts yet). An unknown issue or subscriber is an InputError (exit 2).
 */
export async function readPlan(store: PlanStore, config: Config, now: Date, request: PlanRequest): Promise<Plan> {
  const stored = await store.listPosts({ withdrawn: 'include' });
  const { posts } = readdress(livePosts(stored, now), config);
  const plan = await peekNumberedIssues(store, posts, config);
  const records = await store.listIssues();
  const current = periodOf(now.toISOString(), config.digest.period, config.site.timeZone, config.site.language);
  const planned = (id: string): Issue | undefined => plan.issues.find((issue) => issue.id === id);
  const empty = (): Issue => ({ id: current.id, number: 0, period: current, date: current.end, subject: '', preheader: '', sections: [], posts: [], postCount: 0, updated: current.end });

  let issue: Issue;
  if (request.issue !== undefined) {
    const found = planned(request.issue) ?? (request.issue === current.id ? empty() : undefined);
    if (found === undefined) {
      const recent = plan.issues.slice(-5).map((i) => i.id).join(', ');
      throw new InputError(
        `there is no issue ${request.issue}: issues are named by their period (digest.period: ${config.digest.period}), such as ${current.id} for the one under way${recent ? `; the latest with posts are ${recent}` : ''}`,
      );
    }
    issue = found;
  } else {
    const latest = dueIssues(plan.issues, now).at(-1);
    const sent = latest !== undefined && records.some((r) => r.id === latest.id && r.status === 'sent');
    issue = latest !== undefined && !sent ? latest : (planned(current.id) ?? empty());
  }

  let subscriberPart: SubscriberExplanation | undefined;
  if (request.subscriber !== undefined) {
    const checked = checkAddress(request.subscriber);
    const subscriber = checked.ok ? await store.findSubscriberByEmail(checked.email) : undefined;
    if (subscriber === undefined) {
      const why = checked.ok ? 'is not a subscriber' : `is not an address (${checked.problem})`;
      throw new InputError(`--subscriber: ${request.subscriber} ${why}: see tidings subscribers list`);
    }
    const [delivery] = await store.findDeliveries({ issueId: issue.id, subscriberId: subscriber.id, limit: 1 });
    subscriberPart = explainSubscriber({
      issue,
      subscriber,
      delivery: delivery?.delivery,
      themeNames: new Map(config.themes.map((t) => [t.slug, t.name])),
      config,
    });
  }

  const explanation = explainIssue({
    issue,
    next: request.issue === undefined,
    number: issue.sections.length === 0 ? null : issue.number,
    issues: plan.issues,
    posts: stored,
    importedAt: await store.postImportTimes(),
    records,
    problems: plan.problems,
    config,
    now,
  });
  return subscriberPart === undefined ? explanation : { ...explanation, subscriber: subscriberPart };
}
