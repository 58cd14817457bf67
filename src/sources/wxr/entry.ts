/**
 * One `<item>` of a WXR file as WordPress's exporter writes it
 * (wp-admin/includes/export.php): the RSS elements (`title`, `link`,
 * `dc:creator`, `guid`), the post's content and excerpt
 * (`content:encoded`, `excerpt:encoded`), the `wp:` fields of the posts
 * table (id, dates, name, status, type, parent, password, attachment URL),
 * its terms (`<category domain="category|post_tag" nicename="slug">Name`)
 * and its post meta. Comments are not read. Items are read by elements.ts;
 * the channel head (small, once per file) by fast-xml-parser.
 */
import { XMLParser } from 'fast-xml-parser';
import { attribute, childElements, textOf } from './elements.js';

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

/** The item's fields (`chunk` is the whole `<item>…</item>`). Elements it does not know are not read. */
export function parseEntry(chunk: string): WxrEntry {
  const open = chunk.indexOf('>');
  const close = chunk.lastIndexOf('</item>');
  const fields = new Map<string, string>();
  const terms: WxrTerm[] = [];
  const meta = new Map<string, string>();
  for (const el of childElements(chunk.slice(open + 1, close < 0 ? chunk.length : close))) {
    if (el.name === 'category') {
      terms.push({ domain: attribute(el.attrs, 'domain').trim(), slug: attribute(el.attrs, 'nicename').trim(), name: textOf(el.inner).trim() });
    } else if (el.name === 'wp:postmeta') {
      let key = '';
      let value = '';
      for (const part of childElements(el.inner)) {
        if (part.name === 'wp:meta_key') key = textOf(part.inner).trim();
        else if (part.name === 'wp:meta_value') value = textOf(part.inner);
      }
      meta.set(key, value);
    } else if (el.name !== 'wp:comment' && !fields.has(el.name)) {
      fields.set(el.name, textOf(el.inner));
    }
  }
  const f = (name: string): string => fields.get(name) ?? '';
  return {
    title: f('title'),
    link: f('link').trim(),
    pubDate: f('pubDate').trim(),
    creator: f('dc:creator').trim(),
    guid: f('guid').trim(),
    content: f('content:encoded'),
    excerpt: f('excerpt:encoded'),
    id: f('wp:post_id').trim(),
    date: f('wp:post_date').trim(),
    dateGmt: f('wp:post_date_gmt').trim(),
    modified: f('wp:post_modified').trim(),
    modifiedGmt: f('wp:post_modified_gmt').trim(),
    name: f('wp:post_name').trim(),
    status: f('wp:status').trim().toLowerCase(),
    type: f('wp:post_type').trim().toLowerCase(),
    parent: f('wp:post_parent').trim(),
    password: f('wp:post_password'),
    attachmentUrl: f('wp:attachment_url').trim(),
    terms,
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
