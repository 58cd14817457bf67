import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/sqlite/connection.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';

// The backend-neutral behaviour is in issue-number-contract.ts; this is SQLite's upgrade from numbers kept on issues.
describe('issue numbers, given once', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-numbers-'));
    path = join(dir, 'tidings.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from the numbers of the issues a store had recorded before (sent ones first when two share one)', async () => {
    const old = openDatabase(path);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 9));
    const insert = old.prepare("INSERT INTO issues (id, number, subject, status, created_at, updated_at, sent_at) VALUES (?, ?, 's', ?, ?, ?, NULL)");
    insert.run('2019-W30', 14, 'sent', '2019-08-01T08:00:00.000Z', '2019-08-01T08:00:00.000Z');
    insert.run('2019-W29', 14, 'draft', '2019-07-20T08:00:00.000Z', '2019-07-20T08:00:00.000Z');
    insert.run('2019-W31', 15, 'sent', '2019-08-08T08:00:00.000Z', '2019-08-08T08:00:00.000Z');
    old.close();
    const store = await openSqliteStore(path);
    try {
      expect(await store.issueNumbers()).toEqual(new Map([['2019-W30', 14], ['2019-W31', 15]]));
      expect(await store.assignIssueNumbers(['2019-W29', '2019-W30', '2019-W31'])).toEqual(new Map([['2019-W29', 16], ['2019-W30', 14], ['2019-W31', 15]]));
    } finally {
      await store.close();
    }
  });
});
