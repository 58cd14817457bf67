import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENTRIES_FILE, loadEntryReuse } from '../../src/build/entry-reuse.js';
import { buildSite } from '../../src/build/index.js';
import { blogFeeds } from '../../src/feeds/index.js';
import { renderFeedPieces } from '../../src/feeds/render.js';
import type { Store } from '../../src/store/store.js';
import { makeConfig, makePost, makePosts } from '../feeds/fixtures.js';
import { addPosts, storeWith, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});

afterEach(async () => {
  await cleanup();
});

const config = makeConfig();
const FEEDS = ['feed.xml', 'atom.xml', 'feed.json', 'themes/policy/feed.xml', 'themes/policy/atom.xml', 'themes/policy/feed.json'];

/** Each file of the list, as bytes. */
async function read(outDir: string, files: readonly string[]): Promise<Map<string, Buffer>> {
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(outDir, f))] as const)));
}

describe('a build after a new post, with the entries of the last one', () => {
  let store: Store;

  beforeEach(async () => {
    store = await storeWith(makePosts(120));
  });

  afterEach(async () => {
    await store.close();
  });

  it('writes the same feeds as a build from nothing', async () => {
    const outDir = path.join(dir, 'out');
    await buildSite({ store, config, outDir });
    await addPosts(store, [makePost(120, { themes: ['policy'] })]);
    await buildSite({ store, config, outDir });
    await addPosts(store, [makePost(121, { themes: ['policy'] })]);
    const report = await buildSite({ store, config, outDir });
    expect(report.written).toEqual(expect.arrayContaining(FEEDS));

    const fresh = path.join(dir, 'fresh');
    await buildSite({ store, config, outDir: fresh });
    expect(await read(outDir, FEEDS)).toEqual(await read(fresh, FEEDS));
  });

  it('renders the entries of a feed edited by hand again, rather than copy them', async () => {
    const outDir = path.join(dir, 'out');
    await buildSite({ store, config, outDir });
    const file = path.join(outDir, 'feed.xml');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('Post number 100');
    // Same length, another title: the copy on disk is not the one the list of entries describes.
    await writeFile(file, text.replace('Post number 100', 'Post numbe? 100'));
    await addPosts(store, [makePost(120)]);
    await buildSite({ store, config, outDir });

    const fresh = path.join(dir, 'fresh');
    await buildSite({ store, config, outDir: fresh });
    expect(await readFile(file, 'utf8')).toBe(await readFile(path.join(fresh, 'feed.xml'), 'utf8'));
  });

  it('builds as before when its list of entries is damaged', async () => {
    const outDir = path.join(dir, 'out');
    await buildSite({ store, config, outDir });
    await writeFile(path.join(outDir, ENTRIES_FILE), '{"environment": ');
    await addPosts(store, [makePost(120)]);
    await buildSite({ store, config, outDir });

    const fresh = path.join(dir, 'fresh');
    await buildSite({ store, config, outDir: fresh });
    expect(await read(outDir, FEEDS)).toEqual(await read(fresh, FEEDS));
  });
});

describe('loadEntryReuse', () => {
  const feeds = blogFeeds(makePosts(30), config, []);
  const doc = feeds.documents[0];
  if (doc === undefined) throw new Error('no feed document');
  const keyOf = (id: string): string => `key of ${id}`;

  /** Renders the document as the build would, writes it, and keeps its entries. */
  async function renderAndKeep(outDir: string, environment: string, key: (id: string) => string): Promise<Buffer> {
    const reuse = await loadEntryReuse(outDir, environment);
    const from = reuse.forFile('feed.xml', key);
    const pieces = renderFeedPieces(doc!, 'rss', from.source);
    from.done(pieces);
    const bytes = Buffer.concat(pieces);
    await writeFile(path.join(outDir, 'feed.xml'), bytes);
    await reuse.keep(['feed.xml']);
    return bytes;
  }

  it('copies every entry whose key is unchanged, and renders the one whose key changed', async () => {
    const first = await renderAndKeep(dir, 'env', keyOf);
    const changed = doc.entries[3]?.id ?? '';
    const reuse = await loadEntryReuse(dir, 'env');
    const from = reuse.forFile('feed.xml', (id) => (id === changed ? 'a new key' : keyOf(id)));
    const pieces = renderFeedPieces(doc, 'rss', from.source);
    expect(Buffer.concat(pieces)).toEqual(first);
    expect(reuse.counts).toEqual({ reused: doc.entries.length - 1, rendered: 1 });
  });

  it('copies nothing for another environment (another config or code)', async () => {
    await renderAndKeep(dir, 'env', keyOf);
    const reuse = await loadEntryReuse(dir, 'another env');
    renderFeedPieces(doc, 'rss', reuse.forFile('feed.xml', keyOf).source);
    expect(reuse.counts).toEqual({ reused: 0, rendered: doc.entries.length });
  });

  it('copies nothing, and fails nothing, from a list whose entries are of the wrong shapes', async () => {
    const hash = createHash('sha256').update(await renderAndKeep(dir, 'env', keyOf)).digest('hex');
    const first = `${doc.entries[0]?.id ?? ''}=${keyOf(doc.entries[0]?.id ?? '')}`;
    for (const files of [{ 'feed.xml': null }, { 'feed.xml': { hash: 1, entries: 'x' } }, { 'feed.xml': { hash, entries: [null, 3, [first, -1, 5], [first, 0, 1e9]] } }]) {
      await writeFile(path.join(dir, ENTRIES_FILE), JSON.stringify({ environment: 'env', files }));
      const reuse = await loadEntryReuse(dir, 'env');
      renderFeedPieces(doc, 'rss', reuse.forFile('feed.xml', keyOf).source);
      expect(reuse.counts).toEqual({ reused: 0, rendered: doc.entries.length });
    }
  });

  it('keeps the entries of a file not rendered this time as they were', async () => {
    await renderAndKeep(dir, 'env', keyOf);
    // A build in which feed.xml was current: nothing rendered, the entries kept.
    await (await loadEntryReuse(dir, 'env')).keep(['feed.xml']);
    const reuse = await loadEntryReuse(dir, 'env');
    renderFeedPieces(doc, 'rss', reuse.forFile('feed.xml', keyOf).source);
    expect(reuse.counts.reused).toBe(doc.entries.length);
  });
});
