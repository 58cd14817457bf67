import type { App } from './open-app.js';
import { mergePosts, normalisePost, postUrl } from '../normalise/index.js';
import { parseSource } from '../sources/index.js';
import type { ImportDeps } from '../import/run-import.js';

/** The real stages an import runs with: the adapters, the normaliser and the app's store and clock. */
export function defaultImportDeps(app: Pick<App, 'store' | 'config' | 'now'>, cwd: string): ImportDeps {
  const { config } = app;
  return {
    store: app.store,
    config,
    cwd,
    now: app.now,
    parse: parseSource,
    normalise: (raw) => normalisePost(raw, { config }),
    merge: mergePosts,
    urlFor: (post, slug) => postUrl(config.site.baseUrl, post.published, slug, config.site.timeZone),
  };
}
