import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { GONE_FILE, goneKey, parseGoneList, renderGonePage } from '../pages/gone.js';
import { renderNotFoundPage } from '../pages/not-found-page.js';
import { acceptsGzip, isNotModified } from './conditional.js';
import { contentTypeFor, isCompressible } from './content-type.js';
import { resolveFile } from './resolve-file.js';
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
  const gone = goneList(rootDir);

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
      if ((await gone()).has(goneKey(url.pathname))) sendGone(req, res, url.pathname);
      else sendNotFound(req, res, url.pathname);
      return;
    }

    // One open file for its identity, its validator and its bytes: a build that renames a new
    // file into place mid-request cannot pair one file's ETag with another's content.
    const handle = await open(resolved.file, 'r').catch(() => undefined);
    if (handle === undefined) {
      sendNotFound(req, res, url.pathname);
      return;
    }
    try {
      await sendFile(req, res, handle, resolved.file, validators);
    } finally {
      await handle.close();
    }
  };
}

/** The build's list of pages that are gone (withdrawn or expired posts), read again whenever the file changes. */
function goneList(rootDir: string): () => Promise<Set<string>> {
  const file = path.join(rootDir, GONE_FILE);
  let cached: { key: string; paths: Set<string> } = { key: '', paths: new Set() };
  return async () => {
    const info = await stat(file).catch(() => undefined);
    const key = info === undefined ? 'none' : `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (key !== cached.key) {
      const text = info === undefined ? '' : await readFile(file, 'utf8').catch(() => '');
      cached = { key, paths: parseGoneList(text) };
    }
    return cached.paths;
  };
}

function sendGone(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const page = renderGonePage(pathname);
  res.writeHead(410, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page), 'cache-control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : page);
}

function sendNotFound(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const page = renderNotFoundPage(pathname);
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
  res.end(req.method === 'HEAD' ? undefined : page);
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  handle: FileHandle,
  file: string,
  validators: Map<string, Validator>,
): Promise<void> {
  const info = await handle.stat();
  const key = `${info.ino}:${info.size}:${info.mtimeMs}`;
  let body: Buffer | undefined;
  let validator = validators.get(file);
  if (validator?.key !== key) {
    body = await handle.readFile();
    validator = { key, etag: createHash('sha256').update(body).digest('base64url') };
    validators.set(file, validator);
  }
  const type = contentTypeFor(file);
  const compressible = isCompressible(type);
  const plainTag = `"${validator.etag}"`;
  const gzipTag = `"${validator.etag}-gzip"`;
  const useGzip = compressible && info.size > 0 && acceptsGzip(req.headers['accept-encoding']);
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
  body ??= await handle.readFile();
  const payload = useGzip ? await gzip(body) : body;
  res.writeHead(200, { ...headers, ...(useGzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': String(payload.length) });
  res.end(req.method === 'HEAD' ? undefined : payload);
}
