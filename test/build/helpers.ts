import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Post } from '../../src/model/post.js';
import type { Store } from '../../src/store/store.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

/** A throwaway SQLite store holding `posts`. */
export async function storeWith(posts: readonly Post[]): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  await addPosts(store, posts);
  return store;
}

/** Upserts posts as one import. */
export async function addPosts(store: Store, posts: readonly Post[]): Promise<void> {
  await store.applyImport({
    startedAt: '2024-05-01T12:00:00.000Z',
    upsert: [...posts],
    sourceFiles: new Map(),
    counts: { new: posts.length, updated: 0, merged: 0, unchanged: 0, rejected: 0, skipped: 0 },
    diagnostics: [],
  });
}

/** A fresh temporary folder; `cleanup` removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every file below `root`, as forward-slash paths relative to it, sorted; the build's own files (its list, out/.tidings-files, and its caches, out/.tidings-stencil and out/.tidings-entries) aside. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => f !== '.tidings-files' && f !== '.tidings-stencil' && f !== '.tidings-entries')
    .sort();
}

/** mtime (ms) of every file below `root`. */
export async function mtimes(root: string): Promise<Map<string, number>> {
  const files = await listFiles(root);
  return new Map(await Promise.all(files.map(async (f) => [f, (await stat(path.join(root, f))).mtimeMs] as [string, number])));
}

/** Logs collected for assertions. */
export function collectingLog(): { log: (level: 'info' | 'warn', message: string) => void; lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return { log: (level, message) => lines.push({ level, message }), lines };
}

export interface Notice {
  method: string;
  contentType: string;
  form: URLSearchParams;
}

/** A stand-in WebSub hub on a free port that records every request and answers `status`. */
export async function startHub(status = 204): Promise<{ url: string; notices: Notice[]; setStatus: (next: number) => void; close: () => Promise<void> }> {
  const notices: Notice[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      notices.push({ method: req.method ?? '', contentType: req.headers['content-type'] ?? '', form: new URLSearchParams(body) });
      res.writeHead(status).end(status >= 400 ? 'hub trouble' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub`,
    notices,
    setStatus: (next) => void (status = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
