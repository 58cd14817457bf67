import type { Config } from '../config/schema.js';
import type { DeletedEntry, FeedEntry } from './model.js';
import { siteUrl, themeKey } from './urls.js';

/**
 * A feed as a whole: what it is called, the page it belongs to and its whole
 * history (newest first). The blog and each theme are channels now; the
 * roundups become one later (key 'issues', entries made from issues) and go
 * through the same paging and renderers.
 */
export interface FeedChannel {
  /** '' for the whole blog, 'themes/<slug>' for a theme, 'issues' for the roundups. */
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly homeUrl: string;
  /** Every entry the feed has ever carried, newest first. */
  readonly entries: readonly FeedEntry[];
  /** Entries withdrawn from it, announced by its subscription document. */
  readonly deleted?: readonly DeletedEntry[];
}

/** The blog's channel and one per configured theme (in config order), from entries listed newest first. */
export function blogChannels(entries: readonly FeedEntry[], config: Config, deleted: readonly DeletedEntry[] = []): FeedChannel[] {
  const site = config.site;
  const blog: FeedChannel = {
    key: '',
    title: site.title,
    description: site.description || site.title,
    homeUrl: siteUrl(config, ''),
    entries,
    ...(deleted.length > 0 && { deleted }),
  };
  const themes = config.themes.map(
    (theme): FeedChannel => ({
      key: themeKey(theme.slug),
      title: `${site.title}: ${theme.name}`,
      description: theme.description || `Posts on ${theme.name} from ${site.title}`,
      homeUrl: siteUrl(config, `${themeKey(theme.slug)}/`),
      entries: entries.filter((entry) => entry.themes.includes(theme.slug)),
      ...withDeleted(deleted.filter((d) => d.themes.includes(theme.slug))),
    }),
  );
  return [blog, ...themes];
}

function withDeleted(deleted: readonly DeletedEntry[]): { deleted?: readonly DeletedEntry[] } {
  return deleted.length > 0 ? { deleted } : {};
}
