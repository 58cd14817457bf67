import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TidingsError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/sqlite/connection.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { describeStoreContract } from './contract.js';
import { makeBatch, makePost } from './fixtures/posts.js';

const root = mkdtempSync(join(tmpdir(), 'tidings-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshPath = () => join(root, `contract-${++counter}`, 'tidings.db');

describeStoreContract('SQLite in memory', () => openSqliteStore(':memory:'));
describeStoreContract('SQLite on disk', () => openSqliteStore(freshPath()));

describe('SQLite store on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(root, 'case-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates missing parent folders and keeps posts across reopening', async () => {
    const path = join(dir, 'deep', 'er', 'store.db');
    const post = makePost('kept', { themes: ['adoption'] });
    const first = await openSqliteStore(path);
    const run = await first.applyImport(makeBatch([post]));
    await first.close();

    const second = await openSqliteStore(path);
    expect(await second.getPost('kept')).toEqual(post);
    expect(await second.listPosts({ theme: 'adoption' })).toEqual([post]);
    expect(await second.listImportRuns()).toEqual([run]);
    await second.close();
  });

  it('opens its connections in WAL mode, with a 5 s busy timeout and foreign keys enforced', () => {
    const db = openDatabase(join(dir, 'pragmas.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5_000);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('names the file when it is not a database', async () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'these are my notes, not a database '.repeat(100));
    await expect(openSqliteStore(path)).rejects.toThrow(`cannot open the store ${path}: file is not a database`);
    await expect(openSqliteStore(path)).rejects.toBeInstanceOf(TidingsError);
  });

  it('can be closed twice', async () => {
    const store = await openSqliteStore(join(dir, 'twice.db'));
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});
