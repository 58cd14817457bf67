import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/build/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { startServer } from '../../src/server/index.js';
import type { Store } from '../../src/store/store.js';
import { addPosts, storeWith, tempDir } from '../build/helpers.js';
import { makeConfig, makePost, makePosts } from '../feeds/fixtures.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request: the path goes out exactly as given (no URL normalising), no keep-alive, no decompression. */
function get(base: string, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: rawPath, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let root: string;
let outDir: string;
let cleanup: () => Promise<void>;
let store: Store;
let server: RunningServer;
const config = makeConfig();

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir());
  outDir = path.join(root, 'out');
  // Enough posts for a complete archive page (the newest 50 stay current).
  store = await storeWith(makePosts(160));
  await buildSite({ store, config, outDir });
  await writeFile(path.join(root, 'secret.txt'), 'TOP SECRET');
  await writeFile(path.join(outDir, '.feed.xml.123.abc.tmp'), 'half a file');
  server = await startServer({
    outDir,
    port: 0,
    routes: [
      { method: 'GET', path: '/hello/:name', handler: ({ res, params }) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${params.name}`) },
      { method: 'POST', path: /^\/echo\/(?<word>[a-z]+)$/, handler: ({ res, params }) => void res.writeHead(201).end(params.word) },
      { method: 'GET', path: '/boom', handler: () => Promise.reject(new Error('handler failed')) },
    ],
    onError: () => undefined,
  });
});

afterAll(async () => {
  await server.close();
  await store.close();
  await cleanup();
});

describe('startServer', () => {
  it('listens on 127.0.0.1 on the port it was given (0: any free one)', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.url).not.toBe('http://127.0.0.1:0/');
  });

  it.each([
    ['/feed.xml', 'application/rss+xml'],
    ['/atom.xml', 'application/atom+xml'],
    ['/feed.json', 'application/feed+json'],
    ['/archive/feed-1.xml', 'application/rss+xml'],
    ['/archive/atom-1.xml', 'application/atom+xml'],
    ['/themes/policy/feed.json', 'application/feed+json'],
    ['/index.html', 'text/html; charset=utf-8'],
  ])('serves %s as %s with a strong ETag and Last-Modified', async (file, type) => {
    const reply = await get(server.url, file);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']?.startsWith(type)).toBe(true);
    expect(reply.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(new Date(reply.headers['last-modified'] ?? '').getTime()).not.toBeNaN();
    expect(reply.body).toEqual(await readFile(path.join(outDir, file)));
  });

  it('answers a conditional GET with 304, by ETag or by date', async () => {
    const first = await get(server.url, '/feed.xml');
    const byTag = await get(server.url, '/feed.xml', { 'if-none-match': first.headers.etag ?? '' });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers.etag).toBe(first.headers.etag);
    const byDate = await get(server.url, '/feed.xml', { 'if-modified-since': first.headers['last-modified'] ?? '' });
    expect(byDate.status).toBe(304);
    const other = await get(server.url, '/feed.xml', { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
  });

  it('gives each feed its own ETag', async () => {
    const tags = await Promise.all(['/feed.xml', '/atom.xml', '/themes/policy/feed.xml'].map(async (p) => (await get(server.url, p)).headers.etag));
    expect(new Set(tags).size).toBe(3);
  });

  it('serves a changed feed with 200 and a new ETag, and an unchanged one still with 304', async () => {
    const before = await get(server.url, '/feed.xml');
    const themeBefore = await get(server.url, '/themes/inspection/feed.xml');
    await addPosts(store, [makePost(160, { themes: ['policy'] })]);
    await buildSite({ store, config, outDir });
    const after = await get(server.url, '/feed.xml', { 'if-none-match': before.headers.etag ?? '' });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const untouched = await get(server.url, '/themes/inspection/feed.xml', { 'if-none-match': themeBefore.headers.etag ?? '' });
    expect(untouched.status).toBe(304);
  });

  it('compresses with gzip when the client accepts it, and only then', async () => {
    const plain = await get(server.url, '/atom.xml');
    const zipped = await get(server.url, '/atom.xml', { 'accept-encoding': 'br;q=1, gzip;q=0.8' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(zipped.body)).toEqual(plain.body);
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect((await get(server.url, '/atom.xml', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();
    expect((await get(server.url, '/atom.xml', { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag ?? '' })).status).toBe(304);
  });

  it('serves index.html for a folder and redirects a folder without its slash', async () => {
    const home = await get(server.url, '/');
    expect(home.status).toBe(200);
    expect(home.body.toString()).toContain('<h1>Commentary &amp; Notes</h1>');
    expect((await get(server.url, '/themes/policy/')).status).toBe(200);
    const redirect = await get(server.url, '/themes/policy?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/themes/policy/?x=1');
  });

  it('answers a missing file with a 404 page', async () => {
    const reply = await get(server.url, '/no/such/feed.xml');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body.toString()).toContain('Not found');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/archive/..%2f..%2fsecret.txt', '/%2E%2E%5Csecret.txt', '/themes/../../secret.txt', '/.feed.xml.123.abc.tmp', '/%00'])(
    'refuses %s',
    async (rawPath) => {
      const reply = await get(server.url, rawPath);
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.body.toString()).not.toContain('TOP SECRET');
      expect(reply.body.toString()).not.toContain('half a file');
    },
  );

  it('does not follow a symbolic link out of the folder', async () => {
    const { symlink } = await import('node:fs/promises');
    await mkdir(path.join(outDir, 'links'), { recursive: true });
    await symlink(path.join(root, 'secret.txt'), path.join(outDir, 'links', 'secret.txt'));
    const reply = await get(server.url, '/links/secret.txt');
    expect(reply.status).toBe(403);
    expect(reply.body.toString()).not.toContain('TOP SECRET');
  });

  it('answers HEAD without a body and other methods on files with 405', async () => {
    const head = await get(server.url, '/feed.json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    const post = await get(server.url, '/feed.json', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('tries its routes before the files, with parameters, and turns a failing handler into a 500', async () => {
    expect((await get(server.url, '/hello/w%C3%B6rld')).body.toString()).toBe('hello wörld');
    const echo = await get(server.url, '/echo/abc', {}, 'POST');
    expect([echo.status, echo.body.toString()]).toEqual([201, 'abc']);
    expect((await get(server.url, '/boom')).status).toBe(500);
  });
});

describe('startServer without output', () => {
  it('says what to do when the folder does not exist', async () => {
    await expect(startServer({ outDir: path.join(root, 'missing'), port: 0 })).rejects.toThrow(/run tidings build first/);
  });

  it('closes even with a client connection still open', async () => {
    const s = await startServer({ outDir, port: 0 });
    const { hostname, port } = new URL(s.url);
    const pending = new Promise<void>((resolve) => {
      const req = httpRequest({ host: hostname, port, path: '/', headers: { connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => resolve());
      req.end();
    });
    await pending;
    await s.close();
  });
});
