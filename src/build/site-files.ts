import type { Config } from '../config/schema.js';
import type { FileContent } from './atomic-write.js';
import { blogFeeds } from '../feeds/index.js';
import { entryId } from '../feeds/ids.js';
import { FEED_FORMATS } from '../feeds/model.js';
import { renderFeedPieces } from '../feeds/render.js';
import type { FeedDocument } from '../feeds/model.js';
import type { Post } from '../model/post.js';
import { planSitePages, renderSitePages } from '../pages/index.js';

/** One file of the site: its path below the output folder and its text. */
export interface SiteFile {
  readonly path: string;
  /** Feeds come as UTF-8 pieces (written one after the other), pages as text. */
  readonly content: FileContent;
  /** 'feed': a subscription document (the one readers poll and hubs hear about); 'archive': an archive page. */
  readonly kind: 'feed' | 'archive' | 'page';
  /** Absolute URL (feeds and archive pages). */
  readonly url?: string;
}

export interface SitePlan {
  /** Posts left out of the feeds or pages, with why. */
  readonly problems: readonly string[];
  readonly documents: readonly FeedDocument[];
  /** Every feed file, rendered on demand. */
  feedFiles(): Generator<SiteFile>;
  /** Every page, rendered on demand. */
  pageFiles(): Generator<SiteFile>;
}

/**
 * Everything `tidings build` writes, from the posts and the config. Pure:
 * nothing is read or written here, and rendering is lazy so that the build
 * can write each file as soon as it exists.
 */
export function planSite(posts: readonly Post[], config: Config): SitePlan {
  const feeds = blogFeeds(posts, config);
  const contentById = new Map(feeds.entries.map((e) => [e.id, e.contentHtml]));
  const htmlById = new Map<string, string>();
  for (const post of posts) {
    const html = contentById.get(entryId('post', post.id));
    if (html !== undefined) htmlById.set(post.id, html);
  }
  const pages = planSitePages(posts, config, htmlById);
  return {
    problems: [...feeds.problems, ...pages.problems],
    documents: feeds.documents,
    *feedFiles() {
      for (const doc of feeds.documents) {
        for (const format of FEED_FORMATS) {
          yield { path: doc.paths[format], content: renderFeedPieces(doc, format), kind: doc.kind === 'subscription' ? 'feed' : 'archive', url: doc.links[format].self };
        }
      }
    },
    *pageFiles() {
      for (const page of renderSitePages(pages, config)) yield { ...page, kind: 'page' };
    },
  };
}
