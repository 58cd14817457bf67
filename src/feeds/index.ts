import type { Config } from '../config/schema.js';
import type { Post } from '../model/post.js';
import type { FeedChannel } from './channels.js';
import { blogChannels } from './channels.js';
import { feedDocuments } from './documents.js';
import { postEntries } from './entries.js';
import type { DeletedEntry, FeedDocument, FeedEntry } from './model.js';
import { entryId } from './ids.js';
import { toRfc3339 } from './dates.js';

export type { FeedChannel } from './channels.js';
export { blogChannels } from './channels.js';
export { feedDocuments, EMPTY_FEED_UPDATED } from './documents.js';
export { postEntries } from './entries.js';
export { entryId, feedId } from './ids.js';
export type { DeletedEntry, FeedDocument, FeedEntry, FeedFormat, FeedLinks } from './model.js';
export { FEED_FORMATS, GENERATOR } from './model.js';
export { ARCHIVE_PAGE_SIZE, splitHistory } from './paging.js';
export { BYTE_RENDERERS, FEED_MIME, PIECE_RENDERERS, RENDERERS, renderFeed, renderFeedBytes, renderFeedPieces } from './render.js';
export { renderRss, renderRssBytes, renderRssPieces } from './rss.js';
export { renderAtom, renderAtomBytes, renderAtomPieces } from './atom.js';
export { JSON_FEED_VERSION, renderJsonFeed, renderJsonFeedBytes, renderJsonFeedPieces } from './json-feed.js';
export { safeHtml } from './safe-html.js';
export { archivePaths, siteBase, siteUrl, subscriptionPaths, themeKey } from './urls.js';

/** Everything the blog publishes as feeds: the blog's and each theme's, subscription documents and archive pages. */
export interface BlogFeeds {
  readonly entries: readonly FeedEntry[];
  readonly channels: readonly FeedChannel[];
  readonly documents: readonly FeedDocument[];
  /** Posts left out, with the reason. */
  readonly problems: readonly string[];
}

/** Withdrawn posts as RFC 6721 tombstones, most recently withdrawn first (then by id, so the order is stable). */
export function deletedEntries(withdrawn: readonly Post[], config: Config): DeletedEntry[] {
  return withdrawn
    .flatMap((post) => (post.withdrawn ? [{ post, at: post.withdrawn.at }] : []))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.post.id < b.post.id ? -1 : a.post.id > b.post.id ? 1 : 0))
    .map(({ post, at }) => ({ ref: entryId('post', post.id), when: toRfc3339(at, config.site.timeZone), themes: post.themes }));
}

/** Posts + config to feed documents. Pure: no clock, no file system; the posts are not touched. */
export function blogFeeds(posts: readonly Post[], config: Config, withdrawn: readonly Post[] = []): BlogFeeds {
  const { entries, problems } = postEntries(posts, config);
  const channels = blogChannels(entries, config, deletedEntries(withdrawn, config));
  const documents = channels.flatMap((channel) => feedDocuments(channel, config));
  return { entries, channels, documents, problems };
}
