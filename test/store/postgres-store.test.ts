import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { TidingsError } from '../../src/errors.js';
import { openPool } from '../../src/store/postgres/connection.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { migratePostgres } from '../../src/store/postgres/migrate.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { describePostgres, freshDatabase, postgresStores } from '../helpers/postgres.js';
import { describeStoreContract } from './contract.js';

const stores = postgresStores(openPostgresStore);
afterAll(() => stores.drop());

describePostgres('PostgreSQL', () => describeStoreContract('PostgreSQL', stores.make));

describePostgres('PostgreSQL store', () => {
  it('is at the same schema version as SQLite, so that a store can move between them by version', () => {
    expect(POSTGRES_MIGRATIONS.at(-1)?.version).toBe(MIGRATIONS.at(-1)?.version);
  });

  it('applies its schema once when several processes open a new database at once', async () => {
    const database = await freshDatabase();
    try {
      const opened = await Promise.all([1, 2, 3, 4].map(() => openPostgresStore(database.url)));
      await Promise.all(opened.map((store) => store.close()));
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      await client.end();
      expect(rows.rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
    } finally {
      await database.drop();
    }
  });

  it('upgrades a database of version 19 whose source files have no stamp: their hashes kept, no stamp made up', async () => {
    const database = await freshDatabase();
    try {
      const db = openPool(database.url, { max: 1 });
      await migratePostgres(db, POSTGRES_MIGRATIONS.filter((migration) => migration.version <= 19));
      await db.query("INSERT INTO source_files (path, hash, imported_at) VALUES ('content/a.md', 'a1', '2024-01-01T00:00:00.000Z')");
      await db.close();
      const store = await openPostgresStore(database.url);
      try {
        expect(await store.sourceFiles()).toEqual(new Map([['content/a.md', { hash: 'a1' }]]));
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('refuses a database a newer tidings wrote, naming it without its password', async () => {
    const database = await freshDatabase();
    try {
      await (await openPostgresStore(database.url)).close();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query("INSERT INTO schema_migrations VALUES (999, 'from the future', '2030-01-01T00:00:00.000Z')");
      await client.end();
      const withPassword = database.url.replace('postgres@', 'postgres:hunter2@');
      const opening = openPostgresStore(withPassword);
      await expect(opening).rejects.toBeInstanceOf(TidingsError);
      await expect(opening).rejects.toThrow(/written by a newer tidings \(schema 999\)/);
      await expect(opening).rejects.not.toThrow(/hunter2/);
    } finally {
      await database.drop();
    }
  });
});
