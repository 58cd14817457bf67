import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';

/** Every file under `dir` (relative paths, sorted) but the build's own record of what it wrote. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    // The build's list and its entries cache name the config's environment (store.url differs here), not what readers get.
    .filter((entry) => entry.isFile() && entry.name !== '.tidings-files' && entry.name !== '.tidings-entries')
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** A JSON report with the instants that differ between two runs (when each import ran) taken out. */
function withoutRunTimes(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => (/(^|[a-z])(imported|importedAt|createdAt|updatedAt|created_at|updated_at|at|since)$/i.test(key) ? undefined : value));
}

const SECRET = 'the-same-secret-for-both-sites-0123456789';
const SUBSCRIBERS = 'email,name,themes\nada@example.org,Ada,workforce\nbo@example.org,Bo,\ncy@example.org,Cy,"workforce serious-case-reviews"\n';

/**
 * The same demo site on SQLite and on PostgreSQL (store.url through
 * TIDINGS_STORE_URL), through the commands a publisher runs: the same posts,
 * the same bytes built, the same subscribers, the same plan.
 */
describePostgres('the demo site on PostgreSQL gives what it gives on SQLite', { timeout: 240_000 }, () => {
  let database: TestDatabase;
  let onSqlite: Site;
  let onPostgres: Site;

  beforeAll(async () => {
    database = await freshDatabase();
    // One signing secret for both, so that the only difference between the two sites is their store.
    onSqlite = await makeSite({ seeds: true, env: { TIDINGS_SECRET: SECRET } });
    onPostgres = await makeSite({ seeds: true, env: { TIDINGS_SECRET: SECRET, TIDINGS_STORE_URL: database.url } });
    for (const site of [onSqlite, onPostgres]) {
      const imported = await site.run('import');
      expect(imported.code, imported.err).toBe(0);
      await site.write('people.csv', SUBSCRIBERS);
      const added = await site.run('subscribers', 'import', 'people.csv');
      expect(added.code, added.err).toBe(0);
    }
  });
  afterAll(async () => {
    await onSqlite?.cleanup();
    await onPostgres?.cleanup();
    await database?.drop();
  });

  it('stores the same posts, in the same order', async () => {
    const sqlite = await onSqlite.run('posts', '--json');
    const postgres = await onPostgres.run('posts', '--json');
    expect(postgres.code, postgres.err).toBe(0);
    expect(withoutRunTimes(postgres.out)).toEqual(withoutRunTimes(sqlite.out));
    expect((JSON.parse(postgres.out) as unknown[]).length).toBeGreaterThan(10);
  });

  it('builds the same feeds, pages and roundups, byte for byte but for the roundups\' marker nonce, and a second build writes nothing', async () => {
    for (const site of [onSqlite, onPostgres]) {
      const built = await site.run('build');
      expect(built.code, built.err).toBe(0);
    }
    const sqliteOut = path.join(onSqlite.dir, 'out');
    const postgresOut = path.join(onPostgres.dir, 'out');
    const files = await filesUnder(sqliteOut);
    expect(await filesUnder(postgresOut)).toEqual(files);
    for (const file of files) {
      const [a, b] = await Promise.all([readFile(path.join(sqliteOut, file)), readFile(path.join(postgresOut, file))]);
      // A roundup's per-recipient markers hold a nonce of everything rendered, the config too, whose store.url differs here.
      const markersOut = (bytes: Buffer) => bytes.toString('latin1').replace(/%%TIDINGS_[0-9A-F]{16}_/g, '%%TIDINGS_');
      expect(markersOut(b) === markersOut(a), file).toBe(true);
    }
    expect((await onPostgres.run('build')).out).toMatch(/ 0 files written/);
  });

  it('keeps the same subscribers and plans the same next issue for each', async () => {
    const list = async (site: Site) => withoutRunTimes((await site.run('subscribers', 'list', '--json')).out);
    expect(await list(onPostgres)).toEqual(await list(onSqlite));
    const plan = async (site: Site, ...args: string[]) => {
      const result = await site.run('plan', '--json', ...args);
      expect(result.code, result.err).toBe(0);
      return withoutRunTimes(result.out);
    };
    expect(await plan(onPostgres)).toEqual(await plan(onSqlite));
    expect(await plan(onPostgres, '--subscriber', 'cy@example.org')).toEqual(await plan(onSqlite, '--subscriber', 'cy@example.org'));
  });

  it('reports its status, and withdraws and restores a post', async () => {
    const status = await onPostgres.run('status');
    expect(status.code, status.err).toBe(0);
    const [first] = JSON.parse((await onPostgres.run('posts', '--json')).out) as { id: string }[];
    expect((await onPostgres.run('posts', 'withdraw', first?.id ?? '', '--reason', 'a test')).code).toBe(0);
    expect((JSON.parse((await onPostgres.run('posts', '--withdrawn', '--json')).out) as { id: string }[]).map((post) => post.id)).toEqual([first?.id]);
    expect((await onPostgres.run('posts', 'restore', first?.id ?? '')).code).toBe(0);
  });
});
