import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/sqlite/connection.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { MIGRATIONS, type Migration } from '../../src/store/sqlite/migrations.js';

interface LedgerRow {
  version: number;
  name: string;
  applied_at: string;
}

function ledger(path: string): LedgerRow[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], LedgerRow>('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
  } finally {
    db.close();
  }
}

describe('SQLite schema migrations', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-migrations-'));
    path = join(dir, 'tidings.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records every migration once, in order, when a store is created', async () => {
    await (await openSqliteStore(path)).close();
    const rows = ledger(path);
    expect(rows.map((row) => [row.version, row.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const row of rows) expect(new Date(row.applied_at).toISOString()).toBe(row.applied_at);
  });

  it('applies nothing when an up-to-date store is reopened', async () => {
    await (await openSqliteStore(path)).close();
    const before = ledger(path);
    await (await openSqliteStore(path)).close();
    expect(ledger(path)).toEqual(before);

    const db = openDatabase(path);
    try {
      expect(migrate(db, MIGRATIONS)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('upgrades a store of version 4 so that links naming its subscribers by row id find them, and no later row', async () => {
    const old = openDatabase(path);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 4));
    const insert = old.prepare(`INSERT INTO subscribers (email, email_key, name, status, themes, created_at, updated_at)
      VALUES (?, ?, '', 'active', '[]', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`);
    for (const email of ['ann@example.org', 'bob@example.org', 'gone@example.org']) insert.run(email, email);
    old.prepare("DELETE FROM subscribers WHERE email = 'gone@example.org'").run();
    old.close();

    const store = await openSqliteStore(path);
    try {
      expect((await store.getSubscriberByLegacyLink(1))?.email).toBe('ann@example.org');
      expect((await store.getSubscriberByLegacyLink(2))?.email).toBe('bob@example.org');
      expect(await store.getSubscriberByLegacyLink(3)).toBeUndefined();
      const [cat] = await store.upsertSubscribers([{ email: 'cat@example.org', status: 'active' }]);
      expect(cat?.subscriber.id).toBe(4);
      expect(await store.getSubscriberByLegacyLink(4)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('upgrades a store that has only migration 1, keeping its posts and indexing their themes', async () => {
    const old = openDatabase(path);
    expect(migrate(old, MIGRATIONS.slice(0, 1))).toEqual([1]);
    old.exec(`
      INSERT INTO posts (id, slug, url, title, title_derived, published, published_ms, updated, sequence,
                         author, summary, word_count, reading_minutes, themes, fingerprint, text, html)
      VALUES ('old-post', 'old-post', 'https://example.org/old-post/', 'Old post', 0,
              '2015-06-01T00:00:00.000Z', ${Date.parse('2015-06-01T00:00:00.000Z')}, '2015-06-01T00:00:00.000Z', 0,
              'A. Writer', 'Old.', 1, 1, '["adoption","courts"]', 'fp', 'Old.', '<p>Old.</p>');
      INSERT INTO post_sources (post_id, position, file, format, line, slot, hash)
      VALUES ('old-post', 0, 'old.txt', 'text-export', 1, 'old#0', 'h');
    `);
    old.close();

    const store = await openSqliteStore(path);
    try {
      expect(ledger(path).map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await store.listPosts({ theme: 'courts' })).map((post) => post.id)).toEqual(['old-post']);
      expect((await store.getPost('old-post'))?.sources).toEqual([
        { file: 'old.txt', format: 'text-export', line: 1, slot: 'old#0', hash: 'h' },
      ]);
      // Stored before import times were kept (migration 14): not known, and an update does not invent one.
      expect(await store.postImportTimes()).toEqual(new Map());
      const post = await store.getPost('old-post');
      if (post === undefined) throw new Error('old-post is gone');
      await store.applyImport({ startedAt: '2024-05-01T12:00:00.000Z', upsert: [{ ...post, title: 'Old post, edited' }], sourceFiles: new Map(), counts: { new: 0, updated: 1, merged: 0, unchanged: 0, rejected: 0, skipped: 0 }, diagnostics: [] });
      expect(await store.postImportTimes()).toEqual(new Map());
    } finally {
      await store.close();
    }
  });

  it('upgrades a store of version 19 whose source files have no stamp: their hashes kept, no stamp made up', async () => {
    const old = openDatabase(path);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 19));
    old.prepare("INSERT INTO source_files (path, hash, imported_at) VALUES ('content/a.md', 'a1', '2024-01-01T00:00:00.000Z')").run();
    old.close();

    const store = await openSqliteStore(path);
    try {
      expect(await store.sourceFiles()).toEqual(new Map([['content/a.md', { hash: 'a1' }]]));
    } finally {
      await store.close();
    }
  });

  it('refuses a store written by a newer tidings, and leaves it untouched', async () => {
    await (await openSqliteStore(path)).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')").run();
    db.close();
    const before = ledger(path);

    await expect(openSqliteStore(path)).rejects.toThrow(
      'this store was written by a newer tidings (schema 99); upgrade tidings',
    );
    expect(ledger(path)).toEqual(before);
  });

  it('rolls back a failing migration whole and says which one failed', () => {
    const db = openDatabase(path);
    const steps: Migration[] = [
      { version: 1, name: 'one', up: 'CREATE TABLE one (a TEXT)' },
      { version: 2, name: 'broken', up: "CREATE TABLE two (a TEXT); INSERT INTO missing VALUES ('x')" },
    ];
    try {
      expect(() => migrate(db, steps)).toThrow(/schema migration 2 \(broken\) failed: .*missing/);
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('one', 'two')")
        .all()
        .map((row) => row.name);
      expect(tables).toEqual(['one']);
      expect(migrate(db, steps.slice(0, 1))).toEqual([]);
    } finally {
      db.close();
    }
    expect(ledger(path).map((row) => row.version)).toEqual([1]);
  });

  it('refuses a list of migrations that is out of order', () => {
    const db = openDatabase(':memory:');
    try {
      const steps: Migration[] = [
        { version: 2, name: 'two', up: 'SELECT 1' },
        { version: 1, name: 'one', up: 'SELECT 1' },
      ];
      expect(() => migrate(db, steps)).toThrow(/numbered 1, 2, 3/);
    } finally {
      db.close();
    }
  });
});
