import type { Route } from '../../server/router.js';
import type { PreviewDeps } from './context.js';
import { clickRoutes } from './clicks.js';
import { inboxRoutes } from './inbox.js';
import { pageRoutes } from './pages.js';
import { planRoutes } from './plan.js';
import { roundupRoutes } from './roundups.js';
import { siteRoutes } from './site.js';

/** Every route of the preview, tried in order; anything else is the built site's file of that name. */
export function previewRoutes(deps: PreviewDeps): Route[] {
  return [
    { method: 'GET', path: '/events', handler: deps.events.handler },
    ...pageRoutes(deps),
    ...roundupRoutes(deps),
    ...planRoutes(deps),
    ...inboxRoutes(deps),
    ...clickRoutes(deps),
    ...siteRoutes(deps.outDir),
  ];
}
