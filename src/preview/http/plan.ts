import { readPlan, type Plan } from '../../explain/read.js';
import { TidingsError } from '../../errors.js';
import type { Route } from '../../server/router.js';
import { planMain } from '../ui/plan-page.js';
import type { PreviewDeps } from './context.js';
import { notFound, respondWithPage } from './pages.js';

/** Most subscribers offered in the picker (by id); the rest can be named in the address bar (?subscriber=). */
const MOST_SUBSCRIBERS = 500;

/**
 * GET /plan?issue=ID&subscriber=EMAIL: what `tidings plan` says, from the
 * store as it is (the same reading, readPlan), with a subscriber picked
 * from the store's list. An unknown issue is a 404; an unknown subscriber
 * is said on the page, which then shows the issue alone.
 */
export function planRoutes(deps: PreviewDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/plan',
      handler: async (ctx) => {
        const { config } = deps.session.current();
        const params = ctx.url.searchParams;
        const issue = params.get('issue') || undefined;
        const subscriber = params.get('subscriber') || undefined;
        const request = { ...(issue !== undefined ? { issue } : {}) };
        let plan: Plan;
        let problem: string | undefined;
        try {
          plan = await readPlan(deps.store, config, deps.now(), { ...request, ...(subscriber !== undefined ? { subscriber } : {}) });
        } catch (error) {
          if (!(error instanceof TidingsError)) throw error;
          if (subscriber === undefined) return notFound(deps, ctx, error.message);
          try {
            plan = await readPlan(deps.store, config, deps.now(), request);
          } catch (again) {
            if (again instanceof TidingsError) return notFound(deps, ctx, again.message);
            throw again;
          }
          problem = error.message;
        }
        const subscribers = await deps.store.listSubscribers({ limit: MOST_SUBSCRIBERS });
        const status = problem === undefined ? 200 : 404;
        respondWithPage(deps, ctx, status, () => ({
          title: `Plan: ${plan.issue.label}`,
          nav: 'plan',
          kind: 'plan',
          main: planMain({ plan, subscribers, timeZone: config.site.timeZone, ...(issue !== undefined ? { issueId: issue } : {}), ...(problem !== undefined ? { problem } : {}) }),
        }));
      },
    },
  ];
}
