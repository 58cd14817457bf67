import type { Config } from '../config/schema.js';
import { siteUrl, subscriptionPaths, themeKey } from '../feeds/urls.js';
import type { FeedLinkSet } from './feed-links.js';
import type { ThemeView } from './views.js';

/** The whole blog's feeds. */
export function blogFeedLinks(config: Config): FeedLinkSet {
  return { title: config.site.title, urls: urlsOf(config, '') };
}

/** A theme's feeds. */
export function themeFeedLinks(config: Config, theme: ThemeView): FeedLinkSet {
  return { title: `${config.site.title}: ${theme.name}`, urls: urlsOf(config, themeKey(theme.slug)) };
}

function urlsOf(config: Config, key: string): FeedLinkSet['urls'] {
  const paths = subscriptionPaths(key);
  return { rss: siteUrl(config, paths.rss), atom: siteUrl(config, paths.atom), json: siteUrl(config, paths.json) };
}
