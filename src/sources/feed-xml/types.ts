/** The shapes @rowanmanning/feed-parser gives: a feed, one of its items, an XML element. */
import type { parseFeed } from '@rowanmanning/feed-parser';

export type Feed = ReturnType<typeof parseFeed>;
export type FeedItem = Feed['items'][number];
export type XmlElement = FeedItem['element'];
