/**
 * Site settings from what an export or a feed says about its site: a WXR
 * channel (title, link, description, language, the first author), a Ghost
 * export's settings table (title, description, locale, timezone, the first
 * user), a feed's channel (RSS), feed (Atom) or top-level object (JSON Feed).
 */
import { XMLParser } from 'fast-xml-parser';
import { ghostData } from '../sources/ghost/export.js';
import type { Json } from '../sources/json-feed/json.js';
import { parseChannel } from '../sources/wxr/entry.js';
import { scanWxr } from '../sources/wxr/scan.js';
import { clean } from './settings.js';
import type { SiteSettings } from './settings.js';

export function wxrSettings(text: string): SiteSettings {
  const channel = parseChannel(scanWxr(text).head);
  return clean({
    title: channel.title,
    description: channel.description,
    baseUrl: channel.baseBlogUrl || channel.link,
    author: channel.authors[0]?.displayName,
    language: channel.language,
  });
}

export function ghostSettings(text: string): SiteSettings {
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch {
    return {};
  }
  const data = ghostData(root);
  if (data === null) return {};
  const first = [...data.users.values()][0];
  return clean({
    title: data.settings.get('title'),
    description: data.settings.get('description'),
    author: typeof first?.name === 'string' ? first.name : undefined,
    language: data.settings.get('locale') ?? data.settings.get('lang'),
    timeZone: data.settings.get('timezone') ?? data.settings.get('active_timezone'),
  });
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, htmlEntities: true });

export function feedSettings(text: string): SiteSettings {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const feed = JSON.parse(trimmed) as Record<string, unknown>;
      return clean({ title: s(feed.title), description: s(feed.description), baseUrl: s(feed.home_page_url), language: s(feed.language) });
    } catch {
      return {};
    }
  }
  let root: Record<string, unknown>;
  try {
    root = xml.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
  const rss = (root.rss as Record<string, unknown> | undefined)?.channel as Record<string, unknown> | undefined;
  if (rss) return clean({ title: s(rss.title), description: s(rss.description), baseUrl: s(rss.link), language: s(rss.language) });
  const atom = root.feed as Record<string, unknown> | undefined;
  if (atom) {
    const links = Array.isArray(atom.link) ? atom.link : [atom.link];
    const home = links.find((l) => typeof l === 'object' && l !== null && ((l as Record<string, unknown>)['@_rel'] ?? 'alternate') === 'alternate') as Record<string, unknown> | undefined;
    return clean({ title: s(atom.title), description: s(atom.subtitle), baseUrl: s(home?.['@_href']), language: s(atom['@_xml:lang']) });
  }
  return {};
}

function s(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && '#text' in value) return s((value as Record<string, unknown>)['#text']);
  return undefined;
}
