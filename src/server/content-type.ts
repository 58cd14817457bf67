/**
 * Content-Type by file name. Feed files are recognised by the names the
 * build gives them: feed.xml / archive/feed-N.xml (RSS), atom.xml /
 * archive/atom-N.xml (Atom), feed.json / archive/feed-N.json (JSON Feed).
 */

const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.mjml': 'text/plain; charset=utf-8',
  '.eml': 'message/rfc822',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

export function contentTypeFor(fileName: string): string {
  const name = fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
  if (/^feed(-\d+)?\.xml$/.test(name)) return 'application/rss+xml; charset=utf-8';
  if (/^atom(-\d+)?\.xml$/.test(name)) return 'application/atom+xml; charset=utf-8';
  if (/^feed(-\d+)?\.json$/.test(name)) return 'application/feed+json';
  const dot = name.lastIndexOf('.');
  return (dot >= 0 ? BY_EXTENSION[name.slice(dot)] : undefined) ?? 'application/octet-stream';
}

/** Worth compressing: text of any kind. */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/([a-z.+-]*\+)?(xml|json)|image\/svg\+xml|message\/rfc822)/.test(contentType);
}
