/**
 * The site settings a generator's config (or an export's header) states,
 * in tidings' terms: title, description, base URL, author, language, time
 * zone. Only values tidings can use are kept (an absolute http(s) base URL, a
 * BCP 47 language, an IANA time zone); the rest is left to the defaults.
 */
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

export interface SiteSettings {
  title?: string;
  description?: string;
  baseUrl?: string;
  author?: string;
  language?: string;
  timeZone?: string;
}

type Data = Record<string, unknown>;

/** A generator's config file as data (YAML, TOML or JSON by its name); {} when it cannot be read. */
export function parseGeneratorConfig(name: string, text: string): Data {
  try {
    const value: unknown = /\.toml$/i.test(name) ? parseToml(text) : /\.json$/i.test(name) ? JSON.parse(text) : parseYaml(text);
    return isData(value) ? value : {};
  } catch {
    return {};
  }
}

/** Jekyll's _config.yml: title, description, url + baseurl, author, lang, timezone. */
export function jekyllSettings(config: Data): SiteSettings {
  const url = str(config.url);
  return clean({
    title: str(config.title),
    description: str(config.description),
    baseUrl: url === undefined ? undefined : joinUrl(url, str(config.baseurl) ?? ''),
    author: str(config.author) ?? str(get(config.author, 'name')),
    language: str(config.lang) ?? str(config.locale),
    timeZone: str(config.timezone),
  });
}

/** Hugo's config: title, baseURL, languageCode, timeZone, params.description, author / params.author (keys in any case). */
export function hugoSettings(config: Data): SiteSettings {
  const c = lowerKeys(config);
  const params = lowerKeys(isData(c.params) ? c.params : {});
  return clean({
    title: str(c.title),
    description: str(params.description) ?? str(c.description),
    baseUrl: str(c.baseurl),
    author: str(c.author) ?? str(get(c.author, 'name')) ?? str(params.author) ?? str(get(params.author, 'name')),
    language: str(c.languagecode) ?? str(c.defaultcontentlanguage),
    timeZone: str(c.timezone),
  });
}

/** Eleventy keeps site data in _data/ (metadata.json in the official starter, or site.json). */
export function eleventySettings(data: Data): SiteSettings {
  return clean({
    title: str(data.title),
    description: str(data.description),
    baseUrl: str(data.url) ?? str(data.baseUrl),
    author: str(data.author) ?? str(get(data.author, 'name')),
    language: str(data.language) ?? str(data.lang),
  });
}

/** Only values the config schema takes. */
export function clean(s: SiteSettings): SiteSettings {
  const out: SiteSettings = {};
  if (s.title) out.title = s.title.trim();
  if (s.description) out.description = s.description.trim();
  if (s.baseUrl && /^https?:\/\/[^/\s]+/i.test(s.baseUrl)) out.baseUrl = s.baseUrl.endsWith('/') ? s.baseUrl : `${s.baseUrl}/`;
  if (s.author) out.author = s.author.trim();
  const language = s.language?.trim().replace(/_/g, '-');
  if (language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) out.language = bcp47(language);
  if (s.timeZone && validZone(s.timeZone.trim())) out.timeZone = s.timeZone.trim();
  return out;
}

/** `en-us` -> `en-US`. */
function bcp47(tag: string): string {
  return tag
    .split('-')
    .map((part, i) => (i === 0 ? part.toLowerCase() : part.length === 2 ? part.toUpperCase() : part))
    .join('-');
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function joinUrl(url: string, baseurl: string): string {
  return `${url.replace(/\/+$/, '')}/${baseurl.replace(/^\/+/, '')}`;
}

function lowerKeys(data: Data): Data {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k.toLowerCase(), v]));
}

function get(value: unknown, key: string): unknown {
  return isData(value) ? value[key] : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
