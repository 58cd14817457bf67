import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../src/import/run-import.js';
import type { Post } from '../../src/model/post.js';
import { postList } from '../../src/preview/session/post-list.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';
import { makeBatch, makePost, NO_COUNTS } from '../store/fixtures/posts.js';

/** What an import of `posts` reports, as the preview reads it. */
function reportOf(posts: readonly Post[], more: Partial<ImportReport> = {}): ImportReport {
  return {
    counts: { ...NO_COUNTS, updated: posts.length },
    diagnostics: [],
    decisions: posts.map((post) => ({ outcome: 'updated', post })),
    withdrawn: [],
    deletedFiles: [],
    ...more,
  } as unknown as ImportReport; // the run record and file counts are not read by the post list
}

const ids = (posts: readonly Post[]): string[] => posts.map((p) => p.id);

describe('the preview’s posts between refreshes', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-post-list-'));
    store = await openSqliteStore(path.join(dir, 'tidings.db'));
    // Ties on purpose: the store orders them by sequence, then id.
    await store.applyImport(
      makeBatch([
        makePost('b', { published: '2019-03-01T09:00:00.000Z' }),
        makePost('a', { published: '2019-03-01T09:00:00.000Z' }),
        makePost('c', { published: '2019-03-01T09:00:00.000Z', sequence: 1 }),
        makePost('d', { published: '2019-02-01T09:00:00.000Z' }),
        makePost('e', { published: '2019-04-01T09:00:00.000Z' }),
      ]),
    );
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists, after an import of a few posts, exactly what the store lists, in its order', async () => {
    const list = postList(store);
    expect(ids(await list.reload())).toEqual(ids(await store.listPosts()));

    const moved = [makePost('e', { published: '2019-03-01T09:00:00.000Z', title: 'Moved' }), makePost('f', { published: '2019-03-01T09:00:00.000Z', sequence: 2 })];
    await store.applyImport(makeBatch(moved));
    const after = await list.after(reportOf(moved));
    expect(ids(after)).toEqual(ids(await store.listPosts()));
    expect(after.find((p) => p.id === 'e')?.title).toBe('Moved');
  });

  it('leaves a withdrawn post out, and reads the whole list again when the import may have touched posts it does not name', async () => {
    const list = postList(store);
    await list.reload();
    await store.withdrawPost('a', { at: '2024-05-02T00:00:00.000Z', reason: 'content/a.md was deleted', cause: 'file' });
    expect(ids(await list.after(reportOf([], { withdrawn: [{ id: 'a', withdrawal: { at: '2024-05-02T00:00:00.000Z', reason: 'gone', cause: 'file' } }] })))).toEqual(ids(await store.listPosts()));

    await store.withdrawPost('b', { at: '2024-05-02T00:00:00.000Z', reason: 'content/b.md was deleted', cause: 'file' });
    // Names no post, but a file was deleted: read whole.
    expect(ids(await list.after(reportOf([], { deletedFiles: ['content/b.md'] })))).toEqual(ids(await store.listPosts()));
    expect(ids(await store.listPosts())).not.toContain('b');
  });
});
