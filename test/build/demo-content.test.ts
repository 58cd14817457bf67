import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openApp } from '../../src/app.js';
import type { BuildReport } from '../../src/build/index.js';
import { buildSite } from '../../src/build/index.js';
import { entryId } from '../../src/feeds/index.js';
import { defaultImportDeps } from '../../src/app/import-deps.js';
import { runImport } from '../../src/import/run-import.js';
import { REPO } from '../helpers/site.js';
import { assertWellFormed, olderLink, readItems } from '../feeds/read-feeds.js';
import { listFiles, tempDir } from './helpers.js';

/** The demo blog (content/imports) imported as `tidings import` does, then built. */
let app: App;
let site: string;
let outDir: string;
let report: BuildReport;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir: site, cleanup } = await tempDir());
  await cp(path.join(REPO, 'tidings.config.yaml'), path.join(site, 'tidings.config.yaml'));
  await cp(path.join(REPO, 'content'), path.join(site, 'content'), { recursive: true });
  app = await openApp({ cwd: site, env: {} });
  await runImport(['content'], defaultImportDeps(app, site));
  outDir = path.join(site, 'out');
  report = await buildSite({ store: app.store, config: app.config, outDir });
});

afterAll(async () => {
  await app.close();
  await cleanup();
});

const read = (rel: string) => readFile(path.join(outDir, rel), 'utf8');

/** Ids of a feed's whole history: its subscription document's, then those found following the older links. */
async function history(dir: string, format: 'rss' | 'atom' | 'json'): Promise<string[]> {
  const name = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' }[format];
  const base = app.config.site.baseUrl;
  const current = await read(`${dir}${name}`);
  const ids: string[] = readItems(current, format).map((i) => i.id);
  for (let url = olderLink(current, format); url !== undefined; ) {
    const text = await read(url.slice(base.length));
    ids.push(...readItems(text, format).map((i) => i.id));
    url = olderLink(text, format);
  }
  return ids;
}

describe('the demo blog', () => {
  it('builds with every post placed', async () => {
    expect(report.posts).toBeGreaterThan(20);
    expect(report.problems).toEqual([]);
  });

  it('gives feeds that are well-formed and parse, with no script and only absolute links in their content', async () => {
    const feeds = (await listFiles(outDir)).filter((f) => /(feed|atom)(-\d+)?\.(xml|json)$/.test(f));
    // The blog, the roundups and each theme, in three formats (31 posts: no archive page yet).
    expect(feeds.length).toBeGreaterThanOrEqual(24);
    for (const file of feeds) {
      const text = await read(file);
      if (file.endsWith('.json')) {
        const feed = JSON.parse(text) as { version: string; items: { content_html: string }[] };
        expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
        for (const item of feed.items) {
          expect(item.content_html).not.toMatch(/<script|javascript:/i);
          for (const m of item.content_html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(m[1], file).toMatch(/^(https?|mailto):/);
        }
      } else {
        assertWellFormed(text);
        expect(parseFeed(text).items.every((i) => i.id?.startsWith('tag:tidings,2024:post/'))).toBe(true);
      }
    }
  });

  it('holds every stored post exactly once in the blog history, newest first, the same in all formats', async () => {
    const expected = (await app.store.listPosts()).map((p) => entryId('post', p.id));
    for (const format of ['rss', 'atom', 'json'] as const) expect(await history('', format)).toEqual(expected);
  });

  it('gives each theme a feed of exactly its posts', async () => {
    for (const theme of app.config.themes) {
      const expected = (await app.store.listPosts({ theme: theme.slug })).map((p) => entryId('post', p.id));
      expect(await history(`themes/${theme.slug}/`, 'atom'), theme.slug).toEqual(expected);
    }
  });

  it('rebuilds to the same bytes', async () => {
    const again = await buildSite({ store: app.store, config: app.config, outDir });
    expect(again.written).toEqual([]);
  });
});
