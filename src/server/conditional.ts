import type { IncomingHttpHeaders } from 'node:http';

/**
 * HTTP conditional requests (RFC 9110 §13): If-None-Match wins over
 * If-Modified-Since; either says "you have it" → 304.
 */
export function isNotModified(headers: IncomingHttpHeaders, etags: readonly string[], mtimeMs: number): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.some((t) => etags.includes(t));
  }
  const ims = headers['if-modified-since'];
  if (ims !== undefined) {
    const since = Date.parse(ims);
    // HTTP dates have whole seconds: compare at that precision.
    return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
  }
  return false;
}

/** Whether the client takes gzip (Accept-Encoding, with q-values). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: number | undefined;
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (token === 'gzip' || token === 'x-gzip') return q > 0;
    if (token === '*') star = q;
  }
  return star !== undefined && star > 0;
}
