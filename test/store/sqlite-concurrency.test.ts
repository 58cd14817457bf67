import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./fixtures/open-at.ts', import.meta.url));

describe('SQLite store opened by several processes at once', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-concurrent-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets them all in (they wait for each other instead of failing with "database is locked")', async () => {
    const path = join(dir, 'tidings.db');
    const at = Date.now() + 1_500;
    const children = Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', CHILD, path, String(at)]));
    const results = await Promise.allSettled(children);

    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : [],
    );
    expect(failures.join("\n---\n")).toBe("");
    const store = await openSqliteStore(path);
    expect(await store.countPosts()).toBe(0);
    await store.close();
  });
});
