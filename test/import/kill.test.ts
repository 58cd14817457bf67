import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMarkdown } from '../../bench/generate.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';

async function walSize(db: string): Promise<number> {
  try {
    return (await stat(`${db}-wal`)).size;
  } catch {
    return 0;
  }
}

describe('kill -9 during a large import', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('leaves a store that opens and holds all of that import or none of it; a rerun completes it', async () => {
    site = await makeSite();
    const db = path.join(site.dir, '.tidings/tidings.db');
    await generateMarkdown(path.join(site.dir, 'content/first'), 500);
    expect((await site.run('import', 'content/first')).code).toBe(0);
    await generateMarkdown(path.join(site.dir, 'content/second'), 4000, 500);
    const walBefore = await walSize(db);

    const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'import', 'content'], {
      cwd: site.dir,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let killedMidWrite = false;
    const deadline = Date.now() + 60_000;
    while (child.exitCode === null && Date.now() < deadline) {
      if ((await walSize(db)) > walBefore + 2 * 1024 * 1024) {
        child.kill('SIGKILL');
        killedMidWrite = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const signal = await exited;
    expect(killedMidWrite, 'the import finished before it could be killed').toBe(true);
    expect(signal).toBe('SIGKILL');

    const store = await openSqliteStore(db);
    const count = await store.countPosts();
    const runs = await store.listImportRuns();
    await store.close();
    expect([500, 4500]).toContain(count);
    expect(runs.length).toBe(count === 500 ? 1 : 2);

    const rerun = await site.run('import', 'content');
    expect(rerun.code).toBe(0);
    const after = await openSqliteStore(db);
    expect(await after.countPosts()).toBe(4500);
    await after.close();
    // Three imports of thousands of posts: about 10 s on a quiet 2-core machine, three times that when it is busy.
  }, 90_000);
});
