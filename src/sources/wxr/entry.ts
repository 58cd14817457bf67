/**
 * One `<item>` of a WXR file as WordPress's exporter writes it
 * (wp-admin/includes/export.php): the RSS elements (`title`, `link`,
 * `dc:creator`, `guid`), the post's content and excerpt
 * (`content:encoded`, `excerpt:encoded`), the `wp:` fields of the posts
 * table (id, dates, name, status, type, parent, password, attachment URL),
 * its terms (`<category domain="category|post_tag" nicename="slug">Name`)
 * and its post meta. Comments are not read.
 */
import { XMLParser } from 'fast-xml-parser';

export interface WxrTerm {
  domain: string;
  slug: string;
  name: string;
}

export interface WxrEntry {
  title: string;
  link: string;
  pubDate: string;
  creator: string;
  guid: string;
  content: string;
  excerpt: string;
  id: string;
  date: string;
  dateGmt: string;
  modified: string;
  modifiedGmt: string;
  name: string;
  status: string;
  type: string;
  parent: string;
  password: string;
  attachmentUrl: string;
  terms: WxrTerm[];
  meta: Map<string, string>;
}

export interface WxrAuthor {
  login: string;
  displayName: string;
}

export interface WxrChannel {
  title: string;
  link: string;
  description: string;
  language: string;
  wxrVersion: string;
  baseBlogUrl: string;
  authors: WxrAuthor[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === 'category' || name === 'wp:postmeta' || name === 'wp:comment' || name === 'wp:author',
});

type Node = Record<string, unknown>;

/** The item's fields; throws (fast-xml-parser's error) when the chunk is not well-formed XML. */
export function parseEntry(chunk: string): WxrEntry {
  const root = parser.parse(chunk) as Node;
  const item = asNode(root.item);
  const meta = new Map<string, string>();
  for (const m of asList(item['wp:postmeta'])) {
    const node = asNode(m);
    meta.set(text(node['wp:meta_key']).trim(), text(node['wp:meta_value']));
  }
  return {
    title: text(item.title),
    link: text(item.link).trim(),
    pubDate: text(item.pubDate).trim(),
    creator: text(item['dc:creator']).trim(),
    guid: text(item.guid).trim(),
    content: text(item['content:encoded']),
    excerpt: text(item['excerpt:encoded']),
    id: text(item['wp:post_id']).trim(),
    date: text(item['wp:post_date']).trim(),
    dateGmt: text(item['wp:post_date_gmt']).trim(),
    modified: text(item['wp:post_modified']).trim(),
    modifiedGmt: text(item['wp:post_modified_gmt']).trim(),
    name: text(item['wp:post_name']).trim(),
    status: text(item['wp:status']).trim().toLowerCase(),
    type: text(item['wp:post_type']).trim().toLowerCase(),
    parent: text(item['wp:post_parent']).trim(),
    password: text(item['wp:post_password']),
    attachmentUrl: text(item['wp:attachment_url']).trim(),
    terms: asList(item.category).map((c) => {
      const node = typeof c === 'object' && c !== null ? (c as Node) : { '#text': c };
      return { domain: text(node['@_domain']).trim(), slug: text(node['@_nicename']).trim(), name: text(node['#text']).trim() };
    }),
    meta,
  };
}

/** The channel's title, link, language and authors, from the text before the first item. */
export function parseChannel(head: string): WxrChannel {
  let root: Node;
  try {
    root = parser.parse(closeOpenElements(head)) as Node;
  } catch {
    root = {};
  }
  const channel = asNode(asNode(root.rss).channel);
  return {
    title: text(channel.title).trim(),
    link: text(channel.link).trim(),
    description: text(channel.description).trim(),
    language: text(channel.language).trim(),
    wxrVersion: text(channel['wp:wxr_version']).trim(),
    baseBlogUrl: text(channel['wp:base_blog_url']).trim(),
    authors: asList(channel['wp:author']).map((a) => {
      const node = asNode(a);
      return { login: text(node['wp:author_login']).trim(), displayName: text(node['wp:author_display_name']).trim() };
    }),
  };
}

/** The head ends inside `<rss><channel>`: close them so that it parses. */
function closeOpenElements(head: string): string {
  const closers = [];
  if (!/<\/channel>/.test(head) && /<channel[\s>]/.test(head)) closers.push('</channel>');
  if (!/<\/rss>/.test(head) && /<rss[\s>]/.test(head)) closers.push('</rss>');
  return head + closers.join('');
}

function asNode(value: unknown): Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : {};
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** An element's text: a string, or `#text` of an element with attributes; '' otherwise. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null && '#text' in value) return text((value as Node)['#text']);
  return '';
}
