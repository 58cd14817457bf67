import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import type { Store } from '../../src/store/store.js';

/**
 * PostgreSQL for tests: the server global-setup.ts started (or the one
 * TIDINGS_TEST_POSTGRES_URL names), and a fresh database on it per call.
 * Without a server the PostgreSQL tests are skipped, except under CI
 * (CI=true), where a missing server is a failure rather than a silent skip.
 */
export function postgresServerUrl(): string {
  return inject('postgresUrl');
}

/** `describe` when a PostgreSQL server is there; skipped otherwise (and an error under CI). */
export const describePostgres = describe.skipIf(noServer());

function noServer(): boolean {
  if (postgresServerUrl() !== '') return false;
  if (process.env.CI === 'true') throw new Error("CI=true but no PostgreSQL server: install Debian's postgresql (the test run starts one) or set TIDINGS_TEST_POSTGRES_URL");
  return true;
}

export interface TestDatabase {
  /** postgres://… of the new, empty database. */
  url: string;
  /** Drops it (closing any connection left open). */
  drop(): Promise<void>;
}

/** A new, empty database on the test server, with a unique name. */
export async function freshDatabase(): Promise<TestDatabase> {
  const server = postgresServerUrl();
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Fresh, empty PostgreSQL stores for a test file: one database made on the
 * first call, emptied (every table but the schema ledger truncated, ids
 * restarted) before each later one, which is much faster than a new
 * database per test. Call `drop` in afterAll.
 */
export function postgresStores(open: (url: string) => Promise<Store>): { make: () => Promise<Store>; drop: () => Promise<void> } {
  let database: TestDatabase | undefined;
  return {
    async make() {
      database ??= await freshDatabase();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const tables = await client.query<{ name: string }>(
          "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'",
        );
        if (tables.rows.length > 0) await client.query(`TRUNCATE ${tables.rows.map((row) => row.name).join(', ')} RESTART IDENTITY CASCADE`);
      } finally {
        await client.end();
      }
      return open(database.url);
    },
    async drop() {
      await database?.drop();
    },
  };
}
