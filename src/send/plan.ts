import { readdress } from '../addresses/readdress.js';
import type { Config } from '../config/schema.js';
import type { Issue } from '../digest/model.js';
import { planNumberedIssues } from '../build/numbered-issues.js';
import { dueIssues } from '../digest/plan.js';
import { InputError } from '../errors.js';
import { livePosts } from '../model/post-state.js';
import type { Store } from '../store/store.js';

/** Which issue to send: one by its id (`2019-W31`), or the latest whose period has ended. */
export type IssueChoice = { readonly id: string } | { readonly latest: true };

export interface ResolvedIssue {
  readonly issue: Issue;
  /** Whether its period has ended (only then is it sent to subscribers). */
  readonly due: boolean;
  /** Posts left out of the roundups, with why. */
  readonly problems: readonly string[];
}

/**
 * The issue computed from the posts in the store now (not from the last
 * build: a post removed since is not in it, an edited one is as edited).
 * `requireDue` refuses an issue whose period has not ended yet. Problems
 * the user can fix are InputErrors (exit 2) that say what to do.
 */
export async function resolveIssue(
  store: Pick<Store, 'listPosts' | 'assignIssueNumbers'>,
  config: Config,
  choice: IssueChoice,
  now: Date,
  options: { requireDue?: boolean } = {},
): Promise<ResolvedIssue> {
  // Only what is up at `now`: a scheduled post waits for its date, a withdrawn one is never listed;
  // with the addresses the config gives now, even before the next build stores them.
  const { posts } = readdress(livePosts(await store.listPosts(), now), config);
  const { issues, problems } = await planNumberedIssues(store, posts, config);
  if (issues.length === 0) throw new InputError('there are no posts to make a roundup of: import some first (tidings import content/)');
  const due = dueIssues(issues, now);

  let issue: Issue | undefined;
  if ('latest' in choice) {
    issue = due.at(-1);
    if (issue === undefined) {
      const first = issues[0] as Issue;
      throw new InputError(`no roundup is due yet: the first one, ${first.id}, can be sent from ${first.date} (send a test copy now with --issue ${first.id} --to you@example.org)`);
    }
  } else {
    issue = issues.find((candidate) => candidate.id === choice.id);
    if (issue === undefined) {
      const recent = issues.slice(-5).map((i) => i.id).join(', ');
      throw new InputError(`there is no issue ${choice.id}: issues are named by their period (digest.period: ${config.digest.period}); the latest are ${recent}`);
    }
  }
  const isDue = due.includes(issue);
  if (options.requireDue && !isDue) {
    throw new InputError(`issue ${issue.id} is not over yet: it can be sent from ${issue.date} (--dry-run and --to work now)`);
  }
  return { issue, due: isDue, problems };
}
