import type { FeedFormat } from '../feeds/model.js';
import { FEED_MIME } from '../feeds/render.js';
import { escapeHtml } from '../text/html-escape.js';

/** One feed (in its three formats) that a page offers. */
export interface FeedLinkSet {
  readonly title: string;
  readonly urls: Readonly<Record<FeedFormat, string>>;
}

const FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };
const ORDER: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** `<link rel="alternate">` autodiscovery tags for the head. */
export function autodiscoveryLinks(feeds: readonly FeedLinkSet[]): string {
  return feeds
    .flatMap((feed) =>
      ORDER.map(
        (format) =>
          `<link rel="alternate" type="${FEED_MIME[format]}" title="${escapeHtml(`${feed.title} (${FORMAT_NAMES[format]})`)}" href="${escapeHtml(feed.urls[format])}">`,
      ),
    )
    .join('\n');
}

/** Visible subscribe links for the page body. */
export function subscribeLinks(feed: FeedLinkSet): string {
  const links = ORDER.map((format) => `<a href="${escapeHtml(feed.urls[format])}" type="${FEED_MIME[format]}">${FORMAT_NAMES[format]}</a>`);
  return `<p class="subscribe">Subscribe to ${escapeHtml(feed.title)}: ${links.join(' · ')}</p>`;
}
