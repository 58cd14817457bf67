import type { Config } from '../config/schema.js';
import type { FeedChannel } from './channels.js';
import { feedId } from './ids.js';
import type { FeedDocument, FeedEntry, FeedFormat, FeedLinks } from './model.js';
import { FEED_FORMATS, GENERATOR } from './model.js';
import { ARCHIVE_PAGE_SIZE, splitHistory } from './paging.js';
import { cleanText as clean } from './xml-text.js';
import { archivePaths, siteUrl, subscriptionPaths } from './urls.js';

/** `updated` of a feed that has never had an entry: fixed, so that empty feeds are byte-stable too. */
export const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00Z';

/**
 * A channel's documents: its subscription document (the newest entries: at
 * least `config.feeds.items`, and those not yet on a complete archive page;
 * with the WebSub hub when one is set) first, then its archive pages, oldest
 * first (see paging.ts). Archive pages link to the older page and to the
 * current feed, never forward, so that no page changes when a newer one is
 * made. Pure.
 */
export function feedDocuments(channel: FeedChannel, config: Config, pageSize: number = ARCHIVE_PAGE_SIZE): FeedDocument[] {
  const { current: entries, pages } = splitHistory(channel.entries, config.feeds.items, pageSize);
  const newestPage = pages.at(-1);
  const channelUpdated = newestUpdated(channel.entries) ?? EMPTY_FEED_UPDATED;
  const subscription = subscriptionPaths(channel.key);
  const url = (paths: Record<FeedFormat, string>, format: FeedFormat): string => siteUrl(config, paths[format]);
  const pageUrl = (n: number, format: FeedFormat): string => url(archivePaths(channel.key, n), format);

  const base = {
    id: feedId(url(subscription, 'atom')),
    title: clean(channel.title),
    description: clean(channel.description),
    language: config.site.language,
    homeUrl: channel.homeUrl,
    author: clean(config.site.author) || 'Anonymous',
    generator: GENERATOR,
  };

  const documents: FeedDocument[] = [
    {
      ...base,
      kind: 'subscription',
      complete: false,
      // A withdrawal changes the feed too: its tombstone's time counts as an update.
      updated: laterOf(newestUpdated(entries) ?? channelUpdated, channel.deleted?.[0]?.when),
      entries,
      ...(channel.deleted && channel.deleted.length > 0 && { deleted: channel.deleted }),
      paths: subscription,
      links: linksByFormat((format) => ({
        self: url(subscription, format),
        ...(config.feeds.hub ? { hub: config.feeds.hub } : {}),
        ...(newestPage ? { prevArchive: pageUrl(newestPage.number, format) } : {}),
      })),
    },
  ];
  for (const page of pages) {
    documents.push({
      ...base,
      kind: 'archive',
      page: page.number,
      complete: true,
      updated: newestUpdated(page.entries) ?? channelUpdated,
      entries: page.entries,
      paths: archivePaths(channel.key, page.number),
      links: linksByFormat((format) => ({
        self: pageUrl(page.number, format),
        current: url(subscription, format),
        ...(page.number > 1 ? { prevArchive: pageUrl(page.number - 1, format) } : {}),
      })),
    });
  }
  return documents;
}

function linksByFormat(make: (format: FeedFormat) => FeedLinks): Record<FeedFormat, FeedLinks> {
  return Object.fromEntries(FEED_FORMATS.map((format) => [format, make(format)])) as Record<FeedFormat, FeedLinks>;
}

/** The later of two instants (the first when the second is absent). */
function laterOf(a: string, b: string | undefined): string {
  return b !== undefined && Date.parse(b) > Date.parse(a) ? b : a;
}

/** The latest `updated` among the entries (only that one's text is read). */
function newestUpdated(entries: readonly FeedEntry[]): string | undefined {
  let newest: FeedEntry | undefined;
  for (const entry of entries) if (newest === undefined || entry.updatedMs > newest.updatedMs) newest = entry;
  return newest?.updated;
}

