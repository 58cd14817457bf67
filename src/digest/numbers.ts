import type { Config } from '../config/schema.js';
import type { Post } from '../model/post.js';
import type { IssueNumberStore } from '../store/issue-number-store.js';
import type { IssuePlan } from './model.js';
import { planIssues } from './plan.js';

/**
 * The plan with the numbers the store gave (see IssueNumberStore): an issue
 * keeps its number whatever is added before it later. An issue the store has
 * no number for gets the next after the highest (oldest period first), as
 * assignIssueNumbers would give it: so a read-only look (a dry run) shows
 * the numbers a real run would give. Pure.
 */
export function withNumbers(plan: IssuePlan, numbers: ReadonlyMap<string, number>): IssuePlan {
  let top = 0;
  for (const n of numbers.values()) top = Math.max(top, n);
  const issues = plan.issues.map((issue) => {
    const number = numbers.get(issue.id) ?? ++top;
    return number === issue.number ? issue : { ...issue, number };
  });
  return { ...plan, issues };
}

/** Plans the issues and gives the new ones their numbers in the store, for good. */
export async function planNumberedIssues(store: Pick<IssueNumberStore, 'assignIssueNumbers'>, posts: readonly Post[], config: Config): Promise<IssuePlan> {
  const plan = planIssues(posts, config);
  return withNumbers(plan, await store.assignIssueNumbers(plan.issues.map((issue) => issue.id)));
}

/** Plans the issues with the numbers given so far, giving none (a dry run, a preview). */
export async function peekNumberedIssues(store: Pick<IssueNumberStore, 'issueNumbers'>, posts: readonly Post[], config: Config): Promise<IssuePlan> {
  return withNumbers(planIssues(posts, config), await store.issueNumbers());
}
