import { clickStats } from '../../engagement/stats.js';
import type { Route } from '../../server/router.js';
import { clicksMain } from '../ui/clicks-page.js';
import type { PreviewDeps } from './context.js';
import { respondWithPage } from './pages.js';

/** GET /clicks: the click counts of the store (engagement.clicks), as `tidings stats` gives them. */
export function clickRoutes(deps: PreviewDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/clicks',
      handler: async (ctx) => {
        const stats = await clickStats(deps.store, deps.session.current().config);
        respondWithPage(deps, ctx, 200, () => ({ title: 'Clicks', nav: 'clicks', kind: 'clicks', main: clicksMain(stats) }));
      },
    },
  ];
}
