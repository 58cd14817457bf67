import type { App } from './open-app.js';
import type { ImportDeps } from '../import/run-import.js';
import type { Post } from '../model/post.js';
import type * as Normaliser from '../normalise/index.js';
import type * as Sources from '../sources/index.js';

/** The modules the import's stages run: the source adapters and the normaliser (MJML-free, but most of an import's start-up). */
interface Stages {
  readonly sources: typeof Sources;
  readonly normalise: typeof Normaliser;
}

/**
 * The real stages an import runs with: the adapters, the normaliser and
 * the app's store and clock. The adapters and the normaliser (Markdown,
 * HTML sanitising, YAML, XML and feed parsers) are imported when the first
 * changed file is parsed: an import that finds every file unchanged (its
 * bytes hash as stored) loads none of them (docs/architecture.md).
 */
export function defaultImportDeps(app: Pick<App, 'store' | 'config' | 'now'>, cwd: string): ImportDeps {
  const { config } = app;
  let loading: Promise<Stages> | undefined;
  let loaded: Stages | undefined;
  const stages = (): Promise<Stages> =>
    (loading ??= Promise.all([import('../sources/index.js'), import('../normalise/index.js')]).then(([sources, normalise]) => (loaded = { sources, normalise })));
  // merge and urlFor run only on posts that normalise made, so the modules are loaded by then.
  const normaliser = (): Stages['normalise'] => {
    if (loaded === undefined) throw new Error('the import merged or placed a post before normalising any');
    return loaded.normalise;
  };
  return {
    store: app.store,
    config,
    cwd,
    now: app.now,
    parse: async (file) => (await stages()).sources.parseSource(file),
    normalise: async (raw) => (await stages()).normalise.normalisePost(raw, { config }),
    merge: (a: Post, b: Post) => normaliser().mergePosts(a, b),
    urlFor: (post, slug) => normaliser().postUrl(config.site.baseUrl, post.published, slug, config.site.timeZone),
  };
}
