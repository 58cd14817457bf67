import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planIssues } from '../../src/digest/index.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { makeSite, type Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { demoSendSite } from '../send/demo.js';

/**
 * `tidings migrate`: a store brought to the current schema (and what it
 * would apply, with --dry-run), and a SQLite store moved to PostgreSQL with
 * every row of every table kept, compared row by row in plain SQL on both
 * sides.
 */

/** A SQLite store at schema `version` (an older tidings made it), at `file`. */
function oldStore(file: string, version: number): void {
  const db = new Database(file);
  migrate(db, MIGRATIONS.slice(0, version));
  db.close();
}

/** The schema this tidings is at, and a migration as `tidings migrate` lists it. */
const LATEST = MIGRATIONS.at(-1)!.version;
const listed = (migration: { version: number; name: string }) => `  ${String(migration.version).padStart(3)}  ${migration.name}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function sqliteVersions(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((row) => row.version);
  } finally {
    db.close();
  }
}

describe('tidings migrate on a SQLite store', () => {
  let site: Site;
  beforeAll(async () => {
    site = await makeSite();
  });
  afterAll(() => site?.cleanup());

  it('says which migrations --dry-run would apply, changing nothing, then applies them and says so', async () => {
    const file = path.join(site.dir, '.tidings', 'tidings.db');
    const fresh = await site.run('migrate', '--dry-run');
    expect(fresh).toMatchObject({ code: 0, err: '' });
    expect(fresh.out).toContain(`would apply ${MIGRATIONS.length} migration(s) to ${file}, to schema ${LATEST} (dry run: nothing changed):`);
    expect(existsSync(file)).toBe(false);

    await site.write('.tidings/.keep', '');
    oldStore(file, 12);
    const dry = await site.run('migrate', '--dry-run');
    expect(dry.out.split('\n').slice(1, -1)).toEqual(MIGRATIONS.slice(12).map(listed));
    expect(dry.out.split('\n').slice(1, 3)).toEqual(['   13  issue numbers that never move', '   14  when each post was first imported']);
    expect(dry.out).toMatch(new RegExp(`^would apply ${MIGRATIONS.length - 12} migration\\(s\\)`));
    expect(sqliteVersions(file)).toEqual(MIGRATIONS.slice(0, 12).map((m) => m.version));

    const applied = await site.run('migrate');
    expect(applied).toMatchObject({ code: 0, err: '' });
    expect(applied.out).toBe([`applied ${MIGRATIONS.length - 12} migration(s) to ${file}, now at schema ${LATEST}:`, ...MIGRATIONS.slice(12).map(listed), ''].join('\n'));
    expect(sqliteVersions(file)).toEqual(MIGRATIONS.map((m) => m.version));
    expect((await site.run('migrate')).out).toBe(`the store ${file} is at schema ${LATEST}: nothing to apply\n`);
    expect((await site.run('migrate', '--dry-run')).out).toBe(`the store ${file} is at schema ${LATEST}: nothing to apply\n`);
  });

  it('refuses to copy into a store that is not PostgreSQL, saying what to set', async () => {
    const result = await site.run('migrate', '--from', 'sqlite:other.db');
    expect(result.code).toBe(2);
    expect(result.err).toContain('tidings migrate --from copies into a PostgreSQL store, and the configured store is the SQLite file');
    expect(result.err).toContain('set store.url in the config (or TIDINGS_STORE_URL)');
    expect(result.err).not.toMatch(/\n\s+at /);
  });
});

/** int8 (count(*), the *_ms columns) as numbers, as the store reads them. */
const asNumbers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

async function withPostgres<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, types: asNumbers });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The tables in the target (none: nothing was made). */
const postgresTables = (url: string) =>
  withPostgres(url, async (client) => (await client.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1')).rows.map((row) => row.name));

describePostgres('tidings migrate --from sqlite:PATH', () => {
  let sink: SmtpSink;
  let demo: Awaited<ReturnType<typeof demoSendSite>>;
  let sourceFile: string;
  let sentIssues: string[];
  let target: TestDatabase;
  let newHost: Site;

  /** `tidings …` in a site whose store is the PostgreSQL database `url`. */
  const hostFor = async (url: string): Promise<Site> => makeSite({ config: await readFile(path.join(demo.site.dir, 'tidings.config.yaml'), 'utf8'), env: { TIDINGS_STORE_URL: url } });

  beforeAll(async () => {
    // The demo blog in SQLite, with subscribers and two issues sent through a real SMTP server.
    sink = await startSmtpSink();
    demo = await demoSendSite(sink.url, 2);
    const store = demo.app.store;
    await store.upsertSubscribers([
      ...['ann', 'bob', 'cat', 'dan'].map((name) => ({ email: `${name}@example.org`, status: 'active' as const, name: name.toUpperCase() })),
      { email: 'themed@example.org', status: 'active', themes: [demo.app.config.themes[0]!.slug] },
      { email: 'pending@example.org', status: 'pending' },
      { email: 'gone@example.org', status: 'active' },
    ]);
    sink.behave('dan@example.org', 'reject');
    const { issues } = planIssues(await store.listPosts(), demo.app.config);
    sentIssues = [demo.issue.id, issues.find((issue) => issue.id !== demo.issue.id)!.id];
    for (const id of sentIssues) {
      const sent = await demo.site.run('send', '--issue', id);
      expect(sent.out, sent.err).toContain(`sending issue ${id}`);
    }
    // The last subscriber removed: SQLite never hands out its id again, nor must PostgreSQL.
    const gone = await store.findSubscriberByEmail('gone@example.org');
    await store.removeSubscriber(gone!.id);
    await store.claimRun('2025-10-27T08:00:00.000Z', 'host', { trigger: 'scheduled' });
    await store.markSchedulerStart('2025-10-01T00:00:00.000Z');
    // A source file with a stamp (the demo's files were copied moments before their import: within the racy window, unstamped).
    await store.applyImport({
      startedAt: '2025-10-02T00:00:00.000Z',
      upsert: [],
      sourceFiles: new Map([['content/stamped.md', { hash: 'stamped-hash', stamp: '1500:1733130000123456789:1733130000987654321' }]]),
      counts: { new: 0, updated: 0, merged: 0, unchanged: 0, rejected: 0, skipped: 0 },
      diagnostics: [],
    });
    sourceFile = demo.app.storeLocation.kind === 'sqlite' ? demo.app.storeLocation.path : '';
    await demo.app.close();

    target = await freshDatabase();
    newHost = await hostFor(target.url);
  }, 120_000);
  afterAll(async () => {
    await newHost?.cleanup();
    await target?.drop();
    await demo?.site.cleanup();
    await sink?.close();
  });

  /** Every table of the source, every row, ordered by its primary key; the content version aside (each engine keeps its own: migration 19). */
  const sourceRows = (): Map<string, unknown[]> => {
    const db = new Database(sourceFile, { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'content_version', 'post_bodies') ORDER BY name").all() as { name: string }[]).map((row) => row.name);
      return new Map(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY ${primaryKey(db, table)}`).all()]));
    } finally {
      db.close();
    }
  };
  const primaryKey = (db: Database.Database, table: string): string =>
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number }[])
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => column.name)
      .join(', ');

  it('says with --dry-run how many rows each table would copy, and changes nothing', async () => {
    const dry = await newHost.run('migrate', '--from', `sqlite:${sourceFile}`, '--dry-run');
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    // PostgreSQL's schema starts at a baseline equal to SQLite's 1 to 17.
    expect(dry.out).toMatch(new RegExp(`^would apply ${POSTGRES_MIGRATIONS.length} migration\\(s\\) to postgres://\\S+ first, to schema ${LATEST}:\n {3}17 {2}baseline: `));
    const source = sourceRows();
    for (const [table, rows] of source) expect(dry.out).toMatch(new RegExp(`\n  ${table} +${rows.length} row\\(s\\)\n`));
    expect(dry.out).toContain('(dry run: nothing changed)');
    expect(await postgresTables(target.url)).toEqual([]);
  });

  it('copies every row of every table, ids kept, and verifies the counts', async () => {
    const source = sourceRows();
    // The demo's real content: posts, subscribers, two issues, delivered and refused deliveries.
    expect(source.get('posts')!.length).toBeGreaterThan(20);
    expect(source.get('issues')!.map((row) => (row as { id: string }).id)).toEqual([...sentIssues].sort());
    const statuses = source.get('deliveries')!.map((row) => (row as { status: string }).status);
    expect(statuses).toContain('sent');
    expect(statuses).toContain('failed');
    expect(source.get('subscribers')!.map((row) => (row as { status: string }).status)).toContain('bounced');

    const copied = await newHost.run('migrate', '--from', `sqlite:${sourceFile}`);
    expect(copied.err).toBe('');
    expect(copied.code).toBe(0);
    const total = [...source.values()].reduce((sum, rows) => sum + rows.length, 0);
    expect(copied.out).toContain(`copied ${total} row(s) in ${source.size} tables in one transaction, ids kept`);
    expect(copied.out).toContain(`verified: each of the ${source.size} tables holds as many rows in`);
    // Parents before children: posts before their sources, subscribers and issues before deliveries.
    const order = [...copied.out.matchAll(/^ {2}(\w+) +\d+ row\(s\)$/gm)].map((match) => match[1]);
    expect(order.indexOf('posts')).toBeLessThan(order.indexOf('post_sources'));
    expect(order.indexOf('subscribers')).toBeLessThan(order.indexOf('deliveries'));
    expect(order.indexOf('issues')).toBeLessThan(order.indexOf('deliveries'));
    expect(order.indexOf('deliveries')).toBeLessThan(order.indexOf('inbound_events'));

    // Row by row, table by table, in plain SQL on both sides.
    await withPostgres(target.url, async (client) => {
      for (const [table, rows] of source) {
        const db = new Database(sourceFile, { readonly: true });
        const order = primaryKey(db, table);
        db.close();
        const found = await client.query(`SELECT * FROM ${table} ORDER BY ${order}`);
        expect(found.rows, table).toEqual(rows);
      }
      // A new subscriber gets an id past every one SQLite ever gave (the removed one's too), as it would have in SQLite.
      const db = new Database(sourceFile, { readonly: true });
      const lastGiven = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'subscribers'").get() as { seq: number }).seq;
      db.close();
      expect(lastGiven).toBeGreaterThan(Math.max(...(source.get('subscribers') as { id: number }[]).map((row) => row.id)));
      const added = await client.query<{ id: number }>(
        "INSERT INTO subscribers (email, email_key, name, status, themes, created_at, updated_at) VALUES ('new@example.org', 'new@example.org', '', 'active', '[]', 'x', 'x') RETURNING id",
      );
      expect(added.rows[0]!.id).toBe(lastGiven + 1);
      await client.query("DELETE FROM subscribers WHERE email = 'new@example.org'");
    });
  });

  it('keeps every post, subscriber, issue and delivery as the Store reads them', async () => {
    const before = await openSqliteStore(sourceFile);
    const after = await openPostgresStore(target.url);
    try {
      const posts = await before.listPosts();
      expect(posts.length).toBeGreaterThan(20);
      expect(await after.listPosts()).toEqual(posts);
      expect(await after.listSubscribers()).toEqual(await before.listSubscribers());
      const issues = await before.listIssues();
      expect(issues.map((issue) => issue.id)).toEqual([...sentIssues].sort());
      expect(await after.listIssues()).toEqual(issues);
      for (const issue of issues) {
        const deliveries = await before.listDeliveries(issue.id);
        expect(deliveries.length).toBeGreaterThan(0);
        expect(await after.listDeliveries(issue.id)).toEqual(deliveries);
        expect(await after.deliveryCounts(issue.id)).toEqual(await before.deliveryCounts(issue.id));
      }
      expect(await after.listRuns()).toEqual(await before.listRuns());
      expect(await after.schedulerStart()).toBe(await before.schedulerStart());
      expect(await after.issueNumbers()).toEqual(await before.issueNumbers());
      const files = await before.sourceFiles();
      expect(files.get('content/stamped.md')).toEqual({ hash: 'stamped-hash', stamp: '1500:1733130000123456789:1733130000987654321' });
      expect(await after.sourceFiles()).toEqual(files);
      // The store goes on from there: a new subscriber on PostgreSQL gets a new id, not a removed one's.
      const [added] = await after.upsertSubscribers([{ email: 'after@example.org', status: 'active' }]);
      const ids = (await before.listSubscribers()).map((subscriber) => subscriber.id);
      expect(added!.subscriber.id).toBeGreaterThan(Math.max(...ids) + 1);
      await after.removeSubscriber(added!.subscriber.id);
    } finally {
      await before.close();
      await after.close();
    }
  });

  it('refuses a target that already holds a store, changing nothing', async () => {
    const before = await withPostgres(target.url, async (client) => (await client.query<{ n: number }>('SELECT count(*) AS n FROM deliveries')).rows[0]!.n);
    const again = await newHost.run('migrate', '--from', `sqlite:${sourceFile}`);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^tidings: the target store postgres:\/\/\S+ is not empty \(rows: \w+ \d+(?:, \w+ \d+)*\): copy into a new, empty PostgreSQL database; nothing was copied\n$/);
    // Every table that holds rows, parents before children (the copy's order, not the catalog's, which an ALTER TABLE reshuffles).
    const listed = [...again.err.matchAll(/[ (](\w+) \d+/g)].map((match) => match[1]);
    for (const [parent, child] of [['posts', 'post_sources'], ['subscribers', 'deliveries'], ['issues', 'deliveries']]) {
      expect(listed).toContain(child);
      expect(listed.indexOf(parent), `${parent} before ${child}`).toBeGreaterThanOrEqual(0);
      expect(listed.indexOf(parent)).toBeLessThan(listed.indexOf(child));
    }
    const after = await withPostgres(target.url, async (client) => (await client.query<{ n: number }>('SELECT count(*) AS n FROM deliveries')).rows[0]!.n);
    expect(after).toBe(before);
  });

  it('refuses a missing file, a file that is no tidings store, and a store at an older schema, leaving the target as it was', async () => {
    const empty = await freshDatabase();
    const host = await hostFor(empty.url);
    try {
      const missing = await host.run('migrate', '--from', 'sqlite:nowhere/tidings.db');
      expect(missing.code).toBe(2);
      expect(missing.err).toBe(`tidings: there is no SQLite store at ${path.join(host.dir, 'nowhere/tidings.db')}: --from sqlite:PATH names the store file to copy (store.path of its config)\n`);

      const text = await host.write('notes.db', 'not a database, just some notes\n'.repeat(200));
      const notDb = await host.run('migrate', '--from', `sqlite:${text}`);
      expect(notDb.code).toBe(2);
      expect(notDb.err).toBe(`tidings: ${text} is not a tidings store: file is not a database\n`);

      const other = path.join(host.dir, 'other.db');
      const db = new Database(other);
      db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)');
      db.close();
      const foreign = await host.run('migrate', '--from', `sqlite:${other}`);
      expect(foreign.code).toBe(2);
      expect(foreign.err).toBe(`tidings: ${other} is not a tidings store: it has no schema_migrations table\n`);

      const old = path.join(host.dir, 'old.db');
      oldStore(old, 15);
      const older = await host.run('migrate', '--from', `sqlite:${old}`);
      expect(older.code).toBe(2);
      expect(older.err).toContain(`${old} is at schema 15, the target at ${LATEST}: bring it up to date first with \`TIDINGS_STORE_URL=sqlite:${old} tidings migrate\``);
      expect(sqliteVersions(old)).toHaveLength(15);

      expect(await postgresTables(empty.url)).toEqual([]);

      // Brought up to date as told, it copies.
      const upgraded = await makeSite({ env: { TIDINGS_STORE_URL: `sqlite:${old}` } });
      expect((await upgraded.run('migrate')).code).toBe(0);
      await upgraded.cleanup();
      const copied = await host.run('migrate', '--from', `sqlite:${old}`);
      expect(copied.err).toBe('');
      expect(copied.out).toContain('verified:');
    } finally {
      await host.cleanup();
      await empty.drop();
    }
  });

  it('brings a PostgreSQL store to the current schema and says so, --dry-run first', async () => {
    const empty = await freshDatabase();
    const host = await hostFor(empty.url);
    try {
      const dry = await host.run('migrate', '--dry-run');
      expect(dry.out).toMatch(
        new RegExp(`^would apply ${POSTGRES_MIGRATIONS.length} migration\\(s\\) to postgres://\\S+, to schema ${LATEST} \\(dry run: nothing changed\\):\n${POSTGRES_MIGRATIONS.map((m) => escape(listed(m))).join('\n')}\n$`),
      );
      expect(dry.out).toContain('   17  baseline: the schema of SQLite migrations 1 to 17\n');
      expect(await postgresTables(empty.url)).toEqual([]);
      const applied = await host.run('migrate');
      expect(applied.out).toMatch(new RegExp(`^applied ${POSTGRES_MIGRATIONS.length} migration\\(s\\) to postgres://\\S+, now at schema ${LATEST}:\n {3}17 {2}baseline: `));
      expect((await host.run('migrate')).out).toMatch(new RegExp(`^the store postgres://\\S+ is at schema ${LATEST}: nothing to apply\n$`));
    } finally {
      await host.cleanup();
      await empty.drop();
    }
  });
});
