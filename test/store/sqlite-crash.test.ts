import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { makeBatch, makePost } from './fixtures/posts.js';

const CHILD = fileURLToPath(new URL('./fixtures/import-until-killed.ts', import.meta.url));
const DOOMED_POSTS = 20_000;
/** Uncommitted pages the child should have spilled into the WAL when it is killed. */
const WAL_BYTES_BEFORE_KILL = 8 * 1024 * 1024;
/** Killed this long after "started" at the latest, however far it got. */
const KILL_AFTER_MS = 3_000;

interface Outcome {
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  walBytesAtKill: number;
}

/**
 * Runs the child and SIGKILLs it once it is inside applyImport with data in
 * the WAL (or after KILL_AFTER_MS, whichever comes first).
 */
function importAndKill(path: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(DOOMED_POSTS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let walBytesAtKill = 0;
    let poll: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (poll === undefined && stdout.includes('started\n')) {
        const deadline = Date.now() + KILL_AFTER_MS;
        poll = setInterval(() => {
          const wal = `${path}-wal`;
          const bytes = existsSync(wal) ? statSync(wal).size : 0;
          if (bytes >= WAL_BYTES_BEFORE_KILL || Date.now() >= deadline) {
            walBytesAtKill = bytes;
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        }, 1);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve({ signal, stdout, stderr, walBytesAtKill });
    });
  });
}

describe('SQLite store after a killed import', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-crash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens whole, with the import either all there or not there at all', async () => {
    const path = join(dir, 'store', 'tidings.db');
    const seed = await openSqliteStore(path);
    const seedRun = await seed.applyImport(makeBatch([makePost('seed-1'), makePost('seed-2')]));
    await seed.close();

    const outcome = await importAndKill(path);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout, 'the import finished before it could be killed: make the batch bigger').not.toContain('done');
    expect(outcome.signal).toBe('SIGKILL');

    const store = await openSqliteStore(path);
    try {
      const count = await store.countPosts();
      const runs = await store.listImportRuns();
      const hashes = await store.sourceFiles();
      if (count === 2) {
        expect(runs).toEqual([seedRun]);
        expect(hashes.has('doomed.txt')).toBe(false);
        expect(await store.getPost('doomed-0')).toBeUndefined();
      } else {
        expect(count).toBe(2 + DOOMED_POSTS);
        expect(runs).toHaveLength(2);
        expect(hashes.get('doomed.txt')).toBe('doomed-hash');
      }
      expect((await store.postIndex()).length).toBe(count);
      expect(outcome.walBytesAtKill, 'killed before the import had written much: nothing was proved').toBeGreaterThanOrEqual(
        WAL_BYTES_BEFORE_KILL,
      );

      await store.applyImport(makeBatch([makePost('after-crash')]));
      expect(await store.getPost('after-crash')).toBeDefined();
    } finally {
      await store.close();
    }

    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
