import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { renderNotFoundPage } from '../pages/not-found-page.js';
import { acceptsGzip, isNotModified } from './conditional.js';
import { contentTypeFor, isCompressible } from './content-type.js';
import type { RouteContext, RouteHandler } from './router.js';

const gzip = promisify(gzipCallback);

interface Validator {
  readonly key: string;
  readonly etag: string;
}

/**
 * Serves the files under `root`: the right Content-Type per format, a strong
 * ETag per file (from its content; gzip bodies get their own) and
 * Last-Modified, 304 on a conditional GET, gzip when asked, index.html for a
 * folder, 404 for anything else. Nothing outside `root` and no hidden file
 * (temporary files, dot folders) is ever served.
 */
export function createStaticHandler(root: string): RouteHandler {
  const rootDir = path.resolve(root);
  const validators = new Map<string, Validator>();

  return async ({ req, res, url }: RouteContext) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const resolved = await resolveFile(rootDir, url.pathname);
    if (resolved.kind === 'refused') {
      res.writeHead(resolved.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${resolved.reason}\n`);
      return;
    }
    if (resolved.kind === 'redirect') {
      res.writeHead(301, { location: `${resolved.location}${url.search}` }).end();
      return;
    }
    if (resolved.kind === 'missing') {
      const page = renderNotFoundPage(url.pathname);
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
      res.end(req.method === 'HEAD' ? undefined : page);
      return;
    }

    const { file, info } = resolved;
    const body = await readFile(file);
    const key = `${info.ino}:${info.size}:${info.mtimeMs}`;
    let validator = validators.get(file);
    if (validator?.key !== key) {
      validator = { key, etag: createHash('sha256').update(body).digest('base64url') };
      validators.set(file, validator);
    }
    const type = contentTypeFor(file);
    const compressible = isCompressible(type);
    const plainTag = `"${validator.etag}"`;
    const gzipTag = `"${validator.etag}-gzip"`;
    const useGzip = compressible && body.length > 0 && acceptsGzip(req.headers['accept-encoding']);
    const headers: Record<string, string> = {
      'content-type': type,
      etag: useGzip ? gzipTag : plainTag,
      'last-modified': new Date(info.mtimeMs).toUTCString(),
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(compressible ? { vary: 'Accept-Encoding' } : {}),
    };
    if (isNotModified(req.headers, [plainTag, gzipTag], info.mtimeMs)) {
      res.writeHead(304, headers).end();
      return;
    }
    const payload = useGzip ? await gzip(body) : body;
    res.writeHead(200, { ...headers, ...(useGzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': String(payload.length) });
    res.end(req.method === 'HEAD' ? undefined : payload);
  };
}

type Resolved =
  | { kind: 'file'; file: string; info: Stats }
  | { kind: 'missing' }
  | { kind: 'redirect'; location: string }
  | { kind: 'refused'; status: number; reason: string };

async function resolveFile(rootDir: string, pathname: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'refused', status: 400, reason: 'Bad request: the path is not valid percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', status: 400, reason: 'Bad request' };
  const segments = decoded.split('/');
  if (segments.includes('..')) return { kind: 'refused', status: 403, reason: 'Forbidden' };
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'missing' };
  let file = path.resolve(rootDir, `.${decoded}`);
  if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return { kind: 'refused', status: 403, reason: 'Forbidden' };

  let info = await statOrUndefined(file);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) return { kind: 'redirect', location: `${pathname}/` };
    file = path.join(file, 'index.html');
    info = await statOrUndefined(file);
  }
  if (!info?.isFile()) return { kind: 'missing' };
  // A symbolic link must not lead out of the folder either.
  const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(file)]);
  if (!realFile.startsWith(realRoot + path.sep)) return { kind: 'refused', status: 403, reason: 'Forbidden' };
  return { kind: 'file', file, info };
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}
