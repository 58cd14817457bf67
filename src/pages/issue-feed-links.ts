import type { Config } from '../config/schema.js';
import { siteUrl, subscriptionPaths } from '../feeds/urls.js';
import type { FeedLinkSet } from './feed-links.js';

/** The roundups' own feeds (out/issues/feed.xml, atom.xml, feed.json). */
export function issuesFeedLinks(config: Config): FeedLinkSet {
  const paths = subscriptionPaths('issues');
  return {
    title: `${config.site.title}: roundups`,
    urls: { rss: siteUrl(config, paths.rss), atom: siteUrl(config, paths.atom), json: siteUrl(config, paths.json) },
  };
}
