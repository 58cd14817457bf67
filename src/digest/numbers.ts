import type { IssuePlan } from './model.js';

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
