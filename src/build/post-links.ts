/**
 * Links and images where they belong (issue 15, item 3). A Markdown post's
 * relative links stay relative in the store; at each build they are looked
 * up beside its source file (a Hugo page bundle's folder included), and
 * root-relative ones in its site's folder (Jekyll's root; Hugo's static/
 * and content/):
 *
 * - a link to another imported post's source file (also what `post_url`
 *   and `ref` became, found by file name when not by path), or to another
 *   post's address as the site gives it, points at that post's address;
 * - a document-relative path found only in the site's folder (written
 *   from the site's root, as sites with `<base href>` or Hugo's
 *   canonifyURLs allow) is taken as root-relative;
 * - a file that is there (an image, a PDF) is copied into the output at the
 *   address the link has below the post's page, when tidings builds that
 *   page; a document-relative link stays relative (feeds and pages resolve
 *   it against the post), a root-relative one is the site's, made absolute
 *   below site.baseUrl (what Jekyll's `{{ site.baseurl }}/…` meant);
 * - a link that resolves to nothing is a warning naming the source file
 *   and line.
 *
 * Pure but for `files`, which answers whether a file exists and gives a
 * source file's text (for the line).
 */
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Post } from '../model/post.js';
import { mayLinkRelatively } from '../model/post-body.js';
import { escapeQuotedAttr, unescapeHtml } from '../text/html-escape.js';

export interface LinkFiles {
  /** true when a regular file is at this absolute path. */
  isFile(file: string): boolean;
  /** The text of a file, or undefined when it cannot be read. */
  text(file: string): string | undefined;
}

/** A file to copy into the output folder. */
export interface PostAsset {
  /** Absolute path of the source file. */
  readonly from: string;
  /** Path below the output folder. */
  readonly to: string;
}

export interface LinkCounts {
  /** Relative links and images looked at. */
  links: number;
  /** ... pointed at another post's address. */
  posts: number;
  /** ... found as a file (copied when the post has a page of tidings'). */
  files: number;
  /** ... that resolve to nothing. */
  unresolved: number;
}

export interface ResolvedLinks {
  readonly posts: readonly Post[];
  readonly assets: readonly PostAsset[];
  readonly warnings: readonly string[];
  readonly counts: LinkCounts;
}

export interface LinkOptions {
  readonly config: Pick<Config, 'site'>;
  /** The folder stored source paths are relative to. */
  readonly sourcesDir: string;
  /** Ids of the posts tidings builds a page for, with the page's folder (below the output folder). */
  readonly pages: ReadonlyMap<string, string>;
  readonly files: LinkFiles;
}

/** A link with only an address and plain text (which may be the address itself), or any a/img's URL attribute. */
const LINK_OR_URL = /<a href="([^"]*)">([^<]*)<\/a>|(<(a|img)\b[^>]*?\s(?:href|src)=")([^"]*)"/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const SITE_MARKERS = ['_config.yml', '_config.yaml', '_config.toml', 'hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json', '.eleventy.js', 'eleventy.config.js', 'eleventy.config.mjs'];
const POST_EXTENSIONS = ['', '.md', '.markdown', '.mdown', '.mkd', '.html'];
const INDEX_FILES = ['index.md', '_index.md', 'index.markdown', 'index.html'];

interface PostLookups {
  readonly bySource: ReadonlyMap<string, Post>;
  readonly byStem: ReadonlyMap<string, Post[]>;
  readonly byUrl: ReadonlyMap<string, Post>;
}

/** Every post by its source files' absolute paths, by their stems, and by its address. */
function postLookups(posts: readonly Post[], sourcesDir: string): PostLookups {
  const bySource = new Map<string, Post>();
  const byStem = new Map<string, Post[]>();
  const byUrl = new Map<string, Post>(posts.map((post) => [addressKey(post.url), post]));
  for (const post of posts) {
    for (const source of post.sources) {
      const file = path.resolve(sourcesDir, source.file);
      bySource.set(file, post);
      const stem = sourceStem(file);
      const named = byStem.get(stem);
      if (named === undefined) byStem.set(stem, [post]);
      else named.push(post);
    }
  }
  return { bySource, byStem, byUrl };
}

export function resolvePostLinks(posts: readonly Post[], options: LinkOptions): ResolvedLinks {
  // Made for the first link to another post: most builds (a blog without relative links, or with none changed) need none.
  let made: PostLookups | undefined;
  const lookups = (): PostLookups => (made ??= postLookups(posts, options.sourcesDir));
  const counts: LinkCounts = { links: 0, posts: 0, files: 0, unresolved: 0 };
  const assets = new Map<string, PostAsset>();
  const warnings: string[] = [];
  const roots = new Map<string, string>();
  const out = posts.map((post) => {
    const source = post.sources[0];
    if (source === undefined || source.format !== 'markdown' || !mayLinkRelatively(post)) return post;
    const file = path.resolve(options.sourcesDir, source.file);
    const root = siteRoot(path.dirname(file), options, roots);
    const page = options.pages.get(post.id);
    type Resolved = { kind: 'post'; url: string } | { kind: 'kept'; attribute: string } | { kind: 'unresolved'; attribute: string };
    const resolveUrl = (whole: string, prefix: string, tag: string, value: string): Resolved => {
      const raw = unescapeHtml(value);
      if (raw === '' || raw.startsWith('#') || raw.startsWith('//') || SCHEME.test(raw)) return { kind: 'kept', attribute: whole };
      counts.links++;
      const [pathPart, rest] = splitUrl(raw);
      const candidates = candidatesFor(pathPart, file, root);
      // A root-relative link is the site's (read against site.baseUrl, as `{{ site.baseurl }}/…` meant), so it follows the base.
      let address = linkAddress(raw, post.url, options.config);
      let siteRelative = raw.startsWith('/');
      let target: Post | undefined;
      if (tag === 'a') {
        const { bySource, byStem, byUrl } = lookups();
        target = findPost(candidates, pathPart, bySource, byStem) ?? (address === undefined ? undefined : byUrl.get(addressKey(address)));
      }
      if (target !== undefined) {
        counts.posts++;
        return { kind: 'post', url: target.url + rest };
      }
      let found = candidates.find((c) => options.files.isFile(c));
      if (found === undefined && !siteRelative && !pathPart.startsWith('../')) {
        // Written from the site's root (`images/a.png` in a post whose site serves static/images/a.png): the site's, as a root-relative link.
        const fromRoot = `/${raw.replace(/^(?:\.\/)+/, '')}`;
        found = candidatesFor(splitUrl(fromRoot)[0], file, root).find((c) => options.files.isFile(c));
        if (found !== undefined) {
          siteRelative = true;
          address = linkAddress(fromRoot, post.url, options.config);
        }
      }
      const kept = address === undefined || !siteRelative ? whole : `${prefix}${escapeQuotedAttr(address)}"`;
      if (found !== undefined) {
        counts.files++;
        if (page !== undefined && address !== undefined) {
          const to = outputPath(address, options.config);
          if (to !== undefined) assets.set(to, { from: found, to });
        }
        return { kind: 'kept', attribute: kept };
      }
      counts.unresolved++;
      const line = lineOf(options.files.text(file), value, raw, source.line);
      const what = tag === 'img' ? 'image' : 'link';
      warnings.push(`${source.file}:${line}: ${what} "${raw}" resolves to no file and no imported post (looked in ${shortList(candidates, options.sourcesDir)}); fix the path, or add the file`);
      return { kind: 'unresolved', attribute: kept };
    };
    // A link whose text is its own address (a bare `{{< relref "b.md" >}}` in running text became one) shows the
    // address it resolves to; when it resolves to nothing it is plain text, never a link to a wrong place.
    const html = post.html.replace(LINK_OR_URL, (whole, bareValue: string | undefined, text: string | undefined, prefix: string | undefined, tag: string | undefined, value: string | undefined) => {
      if (bareValue !== undefined && text !== undefined) {
        const resolved = resolveUrl(`<a href="${bareValue}"`, '<a href="', 'a', bareValue);
        const selfNamed = unescapeHtml(text) === unescapeHtml(bareValue);
        if (resolved.kind === 'post') {
          const url = escapeQuotedAttr(resolved.url);
          return `<a href="${url}">${selfNamed ? url : text}</a>`;
        }
        return resolved.kind === 'unresolved' && selfNamed ? text : `${resolved.attribute}>${text}</a>`;
      }
      const resolved = resolveUrl(whole, prefix ?? '', tag ?? '', value ?? '');
      return resolved.kind === 'post' ? `${prefix ?? ''}${escapeQuotedAttr(resolved.url)}"` : resolved.attribute;
    });
    return html === post.html ? post : { ...post, html };
  });
  return { posts: out, assets: [...assets.values()], warnings, counts };
}

/** The file name without its extension; a page bundle's folder for index.md. */
function sourceStem(file: string): string {
  const stem = path.basename(file, path.extname(file));
  return stem === 'index' || stem === '_index' ? path.basename(path.dirname(file)) : stem;
}

/** The nearest folder above `dir` that holds a generator's config; else the folder of the sources. */
function siteRoot(dir: string, options: LinkOptions, cache: Map<string, string>): string {
  const known = cache.get(dir);
  if (known !== undefined) return known;
  let root = options.sourcesDir;
  for (let d = dir; ; d = path.dirname(d)) {
    if (SITE_MARKERS.some((m) => options.files.isFile(path.join(d, m)))) {
      root = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  cache.set(dir, root);
  return root;
}

function splitUrl(raw: string): [string, string] {
  const at = raw.search(/[?#]/);
  const pathPart = at < 0 ? raw : raw.slice(0, at);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  return [decoded, at < 0 ? '' : raw.slice(at)];
}

/** Files a link may name: beside the post, or (root-relative) in the site's folder, its static/ and content/. */
function candidatesFor(pathPart: string, file: string, root: string): string[] {
  if (pathPart.startsWith('/')) {
    const rel = pathPart.replace(/^\/+/, '');
    return [...new Set([path.join(root, rel), path.join(root, 'static', rel), path.join(root, 'content', rel), path.join(root, 'public', rel)])];
  }
  return [path.resolve(path.dirname(file), pathPart)];
}

function findPost(candidates: readonly string[], pathPart: string, bySource: ReadonlyMap<string, Post>, byStem: ReadonlyMap<string, Post[]>): Post | undefined {
  for (const candidate of candidates) {
    const base = candidate.replace(/[/\\]+$/, '');
    for (const ext of POST_EXTENSIONS) {
      const post = bySource.get(base + ext);
      if (post !== undefined) return post;
    }
    for (const index of INDEX_FILES) {
      const post = bySource.get(path.join(base, index));
      if (post !== undefined) return post;
    }
  }
  // By file name (Jekyll's post_url names a file below _posts/, Hugo's ref may name a page anywhere): only when one post has it.
  const name = path.basename(pathPart.replace(/[/\\]+$/, ''));
  const stem = POST_EXTENSIONS.reduce((n, ext) => (ext !== '' && n.endsWith(ext) ? n.slice(0, -ext.length) : n), name);
  const named = byStem.get(stem);
  return named !== undefined && named.length === 1 && (/\.(?:md|markdown)$/i.test(name) || /^\d{4}-\d{2}-\d{2}-/.test(stem)) ? named[0] : undefined;
}

/** The absolute address a relative link names: a root-relative one below site.baseUrl, another against the post's address. */
function linkAddress(raw: string, postUrl: string, config: Pick<Config, 'site'>): string | undefined {
  try {
    return raw.startsWith('/') ? new URL(raw.replace(/^\/+/, ''), config.site.baseUrl.replace(/\/*$/, '/')).href : new URL(raw, postUrl).href;
  } catch {
    return undefined;
  }
}

/** An address without its query, fragment, trailing slash or index.html, for comparing. */
function addressKey(url: string): string {
  return url.replace(/[?#].*$/, '').replace(/\/index\.html?$/, '/').replace(/\/+$/, '');
}

/** Where the file at `address` goes below the output folder: its path below the base URL, when it is there. */
function outputPath(address: string, config: Pick<Config, 'site'>): string | undefined {
  const base = new URL(config.site.baseUrl.replace(/\/*$/, '/'));
  const url = new URL(address);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(url.pathname.slice(base.pathname.length));
  } catch {
    return undefined;
  }
  // An empty segment (`a//b.png`) is the same file to a static server.
  const segments = rest.split('/').filter((s) => s !== '');
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (segments.length === 0 || segments.some((s) => s === '.' || s === '..' || s.startsWith('.') || /[\\\u0000-\u001F]/.test(s))) return undefined;
  return segments.join('/');
}

/** The line of the source file where the link is written (the post's first line when it cannot be found). */
function lineOf(text: string | undefined, value: string, raw: string, fallback: number): number {
  if (text === undefined) return Math.max(1, fallback);
  for (const needle of [raw, value, safeDecode(raw)]) {
    const at = text.indexOf(needle);
    if (at >= 0) return text.slice(0, at).split('\n').length;
  }
  return Math.max(1, fallback);
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

function shortList(candidates: readonly string[], dir: string): string {
  return candidates.map((c) => path.relative(dir, c) || '.').join(', ');
}
