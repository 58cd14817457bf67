import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { periodKeysAt } from '../../src/digest/periods.js';
import { periodKeysOf } from '../../src/model/post-periods.js';
import type { Post, Withdrawal } from '../../src/model/post.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { Store } from '../../src/store/store.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../helpers/postgres.js';
import { makeBatch, makePost, manyPosts } from './fixtures/posts.js';

const CHILD = fileURLToPath(new URL('./fixtures/postgres-import-until-killed.ts', import.meta.url));
const DOOMED_POSTS = 10_000;

/**
 * Runs the child and SIGKILLs it as soon as its import has written
 * something the server has not committed (a backend of the database holds
 * a transaction id), or after 5 s, whichever comes first.
 */
function importAndKill(url: string): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string; killedMidImport: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, String(DOOMED_POSTS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const watcher = new pg.Client({ connectionString: url });
    let stdout = '';
    let stderr = '';
    let killedMidImport = false;
    let watching = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (watching || !stdout.includes('started\n')) return;
      watching = true;
      const deadline = Date.now() + 5_000;
      void (async () => {
        await watcher.connect();
        while (child.exitCode === null && child.signalCode === null) {
          const { rows } = await watcher.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()',
          );
          killedMidImport = (rows[0]?.n ?? 0) > 0;
          if (killedMidImport || Date.now() >= deadline) {
            child.kill('SIGKILL');
            break;
          }
        }
      })().catch(reject);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      void watcher.end().catch(() => undefined);
      resolve({ signal, stdout, stderr, killedMidImport });
    });
  });
}

/**
 * Two processes on one PostgreSQL store (two stores, each with its own pool
 * of connections, on one database), doing the same thing to the same posts
 * at the same moment: the server decides each outcome once, so nothing is
 * done twice, lost, or left half-way.
 */
describePostgres('PostgreSQL posts, two processes at once', () => {
  const POSTS = 300;
  let database: TestDatabase;
  let one: Store;
  let two: Store;
  beforeEach(async () => {
    database = await freshDatabase();
    one = await openPostgresStore(database.url);
    two = await openPostgresStore(database.url);
  });
  afterEach(async () => {
    await Promise.all([one.close(), two.close()]);
    await database.drop();
  });

  const posts = () => manyPosts(POSTS, 200, 'race');
  const idsOf = (list: readonly Post[]) => list.map((post) => post.id);
  const withdrawal = (reason: string): Withdrawal => ({ at: '2024-06-01T10:00:00.000Z', reason, cause: 'command' });

  it('withdraw a post once between them, and restore it once', async () => {
    await one.applyImport(makeBatch(posts()));
    const ids = posts().map((post) => post.id);
    const [byOne, byTwo] = await Promise.all([
      Promise.all(ids.map((id) => one.withdrawPost(id, withdrawal('one')))),
      Promise.all([...ids].reverse().map((id) => two.withdrawPost(id, withdrawal('two')))),
    ]);
    byTwo.reverse();
    const stored = await one.getPosts(ids);
    ids.forEach((id, i) => {
      expect([byOne[i], byTwo[i]].filter(Boolean), id).toHaveLength(1);
      expect(stored[i]?.withdrawn?.reason, id).toBe(byOne[i] ? 'one' : 'two');
    });
    expect(await two.countPosts()).toBe(0);

    const [upOne, upTwo] = await Promise.all([Promise.all(ids.map((id) => one.restorePost(id))), Promise.all(ids.map((id) => two.restorePost(id)))]);
    ids.forEach((id, i) => expect([upOne[i], upTwo[i]].filter(Boolean), id).toHaveLength(1));
    expect(await one.countPosts()).toBe(POSTS);
  });

  it('give posts new addresses one whole change after the other, without a deadlock', async () => {
    await one.applyImport(makeBatch(posts()));
    const ids = posts().map((post) => post.id);
    for (let round = 0; round < 3; round += 1) {
      const [a, b] = await Promise.all([
        one.setPostUrls(ids.map((id) => ({ id, url: `https://one.example/${id}/` }))),
        two.setPostUrls([...ids].reverse().map((id) => ({ id, url: `https://two.example/${id}/` }))),
      ]);
      expect([a, b]).toEqual([POSTS, POSTS]);
      const hosts = new Set((await two.listPosts()).map((post) => new URL(post.url).host));
      // the one that committed last changed every address: no mix of the two
      expect(hosts.size).toBe(1);
    }
  });

  it('work out each post’s period keys once between them', async () => {
    const many = manyPosts(1_000, 100, 'keys');
    await one.applyImport(makeBatch(many));
    for (const zone of ['Pacific/Auckland', 'Europe/London']) {
      const [a, b] = await Promise.all([one.refreshPeriodKeys(zone, periodKeysAt), two.refreshPeriodKeys(zone, periodKeysAt)]);
      expect(a + b).toBe(1_000);
      const listed = await two.listPosts();
      expect(listed.filter((post) => periodKeysOf(post, zone) !== undefined)).toHaveLength(1_000);
    }
  });

  it('apply two imports one after the other: each whole, a source claimed by both held by the later', async () => {
    const shared = { file: 'blog.txt', format: 'text-export', line: 1, slot: 'shared', hash: 'h' } as const;
    await one.applyImport(makeBatch(posts()));
    const [first, second] = await Promise.all([
      one.applyImport(makeBatch([...manyPosts(500, 200, 'from-one'), makePost('x', { sources: [shared] })], { startedAt: '2024-06-01T00:00:00.000Z' })),
      two.applyImport(makeBatch([...manyPosts(500, 200, 'from-two'), makePost('y', { sources: [shared] })], { startedAt: '2024-06-02T00:00:00.000Z' })),
    ]);
    expect(await one.countPosts()).toBe(POSTS + 1_002);
    const later = first.id > second.id ? 'x' : 'y';
    const earlier = later === 'x' ? 'y' : 'x';
    expect((await two.getPost(later))?.sources).toEqual([shared]);
    expect((await two.getPost(earlier))?.sources).toEqual([]);
    expect(await one.listImportRuns()).toHaveLength(3);
  });

  it('leave nothing of an import whose process was killed half-way, and the next import goes through', async () => {
    const seed = await one.applyImport(makeBatch([makePost('seed-1'), makePost('seed-2')]));
    const outcome = await importAndKill(database.url);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout, 'the import finished before it could be killed: make the batch bigger').not.toContain('done');
    expect(outcome.signal).toBe('SIGKILL');
    expect(outcome.killedMidImport, 'killed before the import had written anything: nothing was proved').toBe(true);

    // the server rolls the dead client's transaction back (and frees the import lock) once it sees the connection gone
    await one.applyImport(makeBatch([makePost('after-kill')]));
    expect(idsOf(await two.listPosts()).sort()).toEqual(['after-kill', 'seed-1', 'seed-2']);
    expect(await two.getPost('doomed-0')).toBeUndefined();
    expect((await two.listImportRuns()).map((run) => run.id).at(-1)).toBe(seed.id);
    expect(await two.listImportRuns()).toHaveLength(2);
    expect((await two.sourceFiles()).has('doomed.txt')).toBe(false);
  });

  it('refuse a batch with a NUL character (which PostgreSQL text cannot hold) whole, naming the post and the field', async () => {
    await one.applyImport(makeBatch([makePost('kept')]));
    const batch = makeBatch([makePost('fine'), makePost('nul', { author: 'A.\u0000Writer' })]);
    await expect(two.applyImport(batch)).rejects.toThrow(/cannot store post nul: author holds a NUL character/);
    expect(idsOf(await one.listPosts())).toEqual(['kept']);
    expect(await one.listImportRuns()).toHaveLength(1);
  });
});
