import type { Config } from '../config/schema.js';
import type { IssuePlan } from '../digest/model.js';
import { withNumbers } from '../digest/numbers.js';
import { planIssues } from '../digest/plan.js';
import type { Post } from '../model/post.js';
import type { IssueNumberStore } from '../store/issue-number-store.js';

// The plan meets the store's issue numbers here, not in digest/ (pure): `tidings send`, the scheduler and `tidings plan` share these.

/** Plans the issues and gives the new ones their numbers in the store, for good. */
export async function planNumberedIssues(store: Pick<IssueNumberStore, 'assignIssueNumbers'>, posts: readonly Post[], config: Config): Promise<IssuePlan> {
  const plan = planIssues(posts, config);
  return withNumbers(plan, await store.assignIssueNumbers(plan.issues.map((issue) => issue.id)));
}

/** Plans the issues with the numbers given so far, giving none (a dry run, a preview). */
export async function peekNumberedIssues(store: Pick<IssueNumberStore, 'issueNumbers'>, posts: readonly Post[], config: Config): Promise<IssuePlan> {
  return withNumbers(planIssues(posts, config), await store.issueNumbers());
}
