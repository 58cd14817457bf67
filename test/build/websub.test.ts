import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/build/index.js';
import type { Store } from '../../src/store/store.js';
import { makeConfig, makePost, makePosts } from '../feeds/fixtures.js';
import { feedLinks } from '../feeds/read-feeds.js';
import { addPosts, collectingLog, startHub, storeWith, tempDir } from './helpers.js';

const FEEDS = ['', 'themes/inspection/', 'themes/workforce/', 'themes/policy/'].flatMap((dir) =>
  ['feed.xml', 'atom.xml', 'feed.json'].map((f) => `https://blog.example.org/${dir}${f}`),
);

let outDir: string;
let cleanup: () => Promise<void>;
let store: Store;

beforeEach(async () => {
  ({ dir: outDir, cleanup } = await tempDir());
  store = await storeWith(makePosts(60));
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

describe('WebSub', () => {
  it('sends the hub one publish notice per changed feed, and none for a rebuild without change', async () => {
    const hub = await startHub();
    try {
      const config = makeConfig({ hub: hub.url });
      const first = await buildSite({ store, config, outDir });
      expect(hub.notices.map((n) => n.form.get('hub.url')).sort()).toEqual([...FEEDS].sort());
      for (const notice of hub.notices) {
        expect(notice.method).toBe('POST');
        expect(notice.contentType).toBe('application/x-www-form-urlencoded');
        expect(notice.form.get('hub.mode')).toBe('publish');
      }
      expect(first.hub).toEqual({ hub: hub.url, notified: [...FEEDS].sort(), failed: [], retried: 0 });

      hub.notices.length = 0;
      const second = await buildSite({ store, config, outDir });
      expect(hub.notices).toEqual([]);
      expect(second.hub?.notified).toEqual([]);

      await addPosts(store, [makePost(60, { themes: ['workforce'] })]);
      await buildSite({ store, config, outDir });
      expect(hub.notices.map((n) => n.form.get('hub.url')).sort()).toEqual(FEEDS.filter((u) => !u.includes('/themes/') || u.includes('/workforce/')).sort());
    } finally {
      await hub.close();
    }
  });

  it('names the hub and itself in every subscription feed', async () => {
    const config = makeConfig({ hub: 'https://hub.example.net/' });
    await buildSite({ store, config, outDir, notifyHub: async () => undefined });
    const links = feedLinks(await readFile(path.join(outDir, 'themes/policy/feed.xml'), 'utf8'), 'rss');
    expect(links.get('hub')?.['@href']).toBe('https://hub.example.net/');
    expect(links.get('self')?.['@href']).toBe('https://blog.example.org/themes/policy/feed.xml');
    const atom = feedLinks(await readFile(path.join(outDir, 'atom.xml'), 'utf8'), 'atom');
    expect(atom.get('hub')?.['@href']).toBe('https://hub.example.net/');
    expect(atom.get('self')?.['@href']).toBe('https://blog.example.org/atom.xml');
  });

  it('reports a hub that is down and still finishes the build', async () => {
    const hub = await startHub();
    await hub.close();
    const { log, lines } = collectingLog();
    const report = await buildSite({ store, config: makeConfig({ hub: hub.url }), outDir, log });
    expect(report.written).toContain('feed.xml');
    expect(report.hub?.notified).toEqual([]);
    expect(report.hub?.failed.map((f) => f.feedUrl)).toEqual([...FEEDS].sort());
    expect(report.hub?.failed[0]?.error).toContain(`the WebSub hub ${hub.url} did not answer`);
    // One line for the one cause, not one per feed (and the CLI does not print them again).
    expect(lines.filter((l) => l.level === 'warn' && l.message.startsWith('WebSub:'))).toEqual([
      { level: 'warn', message: expect.stringContaining(`${FEEDS.length} notices are kept and sent again at the next build`) as string },
    ]);
    expect(await store.keptHubNotices()).toHaveLength(FEEDS.length);
  });

  it('reports a hub that refuses, with its status', async () => {
    const hub = await startHub(500);
    try {
      const report = await buildSite({ store, config: makeConfig({ hub: hub.url }), outDir });
      expect(report.hub?.failed).toHaveLength(FEEDS.length);
      expect(report.hub?.failed[0]?.error).toMatch(/refused the notice for https:\/\/blog\.example\.org\/\S+: HTTP 500 hub trouble/);
    } finally {
      await hub.close();
    }
  });
});
