import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postFingerprint } from '../../src/build/output-keys.js';
import { resolvePostLinks } from '../../src/build/post-links.js';
import type { Post } from '../../src/model/post.js';
import { openDatabase } from '../../src/store/sqlite/connection.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import type { Store } from '../../src/store/store.js';
import { makeConfig, makePost } from '../feeds/fixtures.js';
import { addPosts } from '../build/helpers.js';

describe('listing posts with lazy bodies (SQLite)', () => {
  let dir: string;
  let path: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-lazy-'));
    path = join(dir, 'tidings.db');
    store = await openSqliteStore(path);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Changes a post's body behind the store's back, as another tool (or an older tidings) would. */
  function editBody(id: string, html: string): void {
    const db = new Database(path);
    try {
      db.prepare('UPDATE posts SET html = ? WHERE id = ?').run(html, id);
    } finally {
      db.close();
    }
  }

  it('gives the same posts as a listing with bodies, with the same fingerprints', async () => {
    const posts = [makePost(1), makePost(2, { html: '<p>See <a href="other.md">the other</a>.</p>', expires: '2030-01-01T00:00:00.000Z' }), makePost(3)];
    await addPosts(store, posts);
    const lazy = await store.listPosts({ bodies: 'lazy' });
    const whole = await store.listPosts();
    expect(lazy).toEqual(whole);
    expect(lazy.map(postFingerprint)).toEqual(whole.map(postFingerprint));
    // A copy reads its body from the store, as a copy of any post has it.
    expect({ ...lazy[1] }).toEqual(whole[1]);
  });

  it('reads a body from the store only when it is read', async () => {
    await addPosts(store, [makePost(1)]);
    const [post] = await store.listPosts({ bodies: 'lazy' });
    editBody('p00001', '<p>Edited since the listing.</p>');
    expect(post?.html).toBe('<p>Edited since the listing.</p>');
  });

  it('reads whole, as before, a post whose body changed behind the store (its stored hash would be stale)', async () => {
    await addPosts(store, [makePost(1)]);
    editBody('p00001', '<p>Changed by hand.</p>');
    const [lazy] = await store.listPosts({ bodies: 'lazy' });
    const [whole] = await store.listPosts();
    if (lazy === undefined || whole === undefined) throw new Error('no post');
    expect(lazy.html).toBe('<p>Changed by hand.</p>');
    expect(postFingerprint(lazy)).toBe(postFingerprint(whole));
    // An import writes the post again, and its facts with it.
    await addPosts(store, [{ ...whole, title: 'Retitled' }]);
    const [again] = await store.listPosts({ bodies: 'lazy' });
    const [againWhole] = await store.listPosts();
    if (again === undefined || againWhole === undefined) throw new Error('no post');
    expect(postFingerprint(again)).toBe(postFingerprint(againWhole));
  });

  it('tells the link check which posts may hold a relative link, without their bodies', async () => {
    const linking = makePost(2, { html: '<p>See <a href="missing.md">the other</a>.</p>', sources: [{ file: 'posts/b.md', format: 'markdown', line: 1, slot: 'b', hash: 'b' }] });
    const plain = makePost(1, { sources: [{ file: 'posts/a.md', format: 'markdown', line: 1, slot: 'a', hash: 'a' }] });
    await addPosts(store, [plain, linking]);
    const lazy = await store.listPosts({ bodies: 'lazy' });
    // Given a link after the listing: the check goes by what was stored with the post, and never reads its body.
    editBody('p00001', '<p>Now with <a href="late.md">a link</a>.</p>');
    const files = { isFile: () => false, text: () => undefined };
    const result = resolvePostLinks(lazy, { config: makeConfig(), sourcesDir: dir, pages: new Map(), files });
    expect(result.counts).toEqual({ links: 1, posts: 0, files: 0, unresolved: 1 });
    expect(result.warnings[0]).toContain('posts/b.md');
  });
});

describe('migration 21 (post bodies)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-lazy-migration-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("works out the facts of the posts a store held before it, so that they list lazily with the same fingerprints", async () => {
    const path = join(dir, 'tidings.db');
    // A store of version 20 with posts in it, as an import of then wrote them.
    const old = openDatabase(path);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 20));
    old.close();
    const db = openDatabase(path);
    const posts: Post[] = Array.from({ length: 1200 }, (_, i) => makePost(i));
    const insert = db.prepare(`INSERT INTO posts (id, slug, url, title, title_derived, published, published_ms, updated, sequence,
      author, summary, word_count, reading_minutes, themes, fingerprint, text, html)
      VALUES (@id, @slug, @url, @title, 0, @published, @ms, @updated, 0, @author, @summary, 1, 1, '[]', @fingerprint, @text, @html)`);
    const source = db.prepare("INSERT INTO post_sources (post_id, position, file, format, line, slot, hash) VALUES (?, 0, 'a.txt', 'text-export', 1, ?, 'h')");
    db.transaction(() => {
      for (const p of posts) {
        insert.run({ id: p.id, slug: p.slug, url: p.url, title: p.title, published: p.published, ms: Date.parse(p.published), updated: p.updated, author: p.author, summary: p.summary, fingerprint: p.fingerprint, text: p.text, html: p.html });
        source.run(p.id, p.id);
      }
    })();
    db.close();

    const store = await openSqliteStore(path);
    try {
      const check = new Database(path, { readonly: true });
      expect(check.prepare<[], { n: number }>('SELECT count(*) AS n FROM post_bodies').get()?.n).toBe(1200);
      check.close();
      const lazy = await store.listPosts({ bodies: 'lazy' });
      const whole = await store.listPosts();
      expect(lazy.map(postFingerprint)).toEqual(whole.map(postFingerprint));
    } finally {
      await store.close();
    }
  });
});
