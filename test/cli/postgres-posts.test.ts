import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { makeSite, type Site } from '../helpers/site.js';

/** `tidings posts --json` (with a flag), parsed; the withdrawal instants (wall clock) left out. */
async function listed(site: Site, ...flags: string[]): Promise<unknown[]> {
  const r = await site.run('posts', '--json', ...flags);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { withdrawn?: { at?: string } }[]).map((post) => {
    if (post.withdrawn !== undefined) delete post.withdrawn.at;
    return post;
  });
}

/**
 * The demo blog imported, taken down and put back up through the CLI, once
 * into a SQLite store and once into a PostgreSQL one (TIDINGS_STORE_URL):
 * a user sees the same posts, the same reports, the same withdrawals.
 */
describePostgres('tidings import and posts on a PostgreSQL store', () => {
  let database: TestDatabase;
  let onPostgres: Site;
  let onSqlite: Site;
  beforeEach(async () => {
    database = await freshDatabase();
    onPostgres = await makeSite({ seeds: true, env: { TIDINGS_STORE_URL: database.url } });
    onSqlite = await makeSite({ seeds: true });
  });
  afterEach(async () => {
    await Promise.all([onPostgres.cleanup(), onSqlite.cleanup()]);
    await database.drop();
  });

  const both = async (...args: string[]) => {
    const [pg, sqlite] = [await onPostgres.run(...args), await onSqlite.run(...args)];
    expect(pg.code, pg.err).toBe(sqlite.code);
    // the same words; only the instants of withdrawals (the wall clock) may differ
    const masked = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<now>');
    expect(masked(pg.out)).toBe(masked(sqlite.out));
    return pg;
  };

  it('stores, lists, withdraws and restores the same posts as SQLite does', async () => {
    const first = await both('import');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/new \d+/);
    const all = await listed(onPostgres);
    expect(all.length).toBeGreaterThan(20);
    expect(all).toEqual(await listed(onSqlite));
    expect((await both('import')).out).toMatch(/new 0, updated 0, merged 0, unchanged \d+/);

    // a seed file deleted: its posts come down at the next import, on both
    const seeds = path.join('content', 'imports');
    const [gone] = (await readdir(path.join(onPostgres.dir, seeds))).sort();
    if (gone === undefined) throw new Error('no seed files');
    await Promise.all([onPostgres, onSqlite].map((site) => rm(path.join(site.dir, seeds, gone))));
    expect((await both('import')).out).toMatch(/withdrawn/);
    const down = await listed(onPostgres, '--withdrawn');
    expect(down.length).toBeGreaterThan(0);
    expect(down).toEqual(await listed(onSqlite, '--withdrawn'));

    // by command
    const { id } = all[0] as { id: string };
    expect((await both('posts', 'withdraw', id, '--reason', 'asked by the family')).code).toBe(0);
    expect((await both('posts', 'withdraw', id, '--reason', 'again')).code).toBe(0);
    expect(await listed(onPostgres, '--withdrawn')).toEqual(await listed(onSqlite, '--withdrawn'));
    expect((await both('posts', 'restore', id)).code).toBe(0);
    expect(await listed(onPostgres)).toEqual(await listed(onSqlite));
  });
});
