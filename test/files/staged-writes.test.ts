import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitError, staging, syncFileSystem } from '../../src/files/staged-writes.js';
import { tempDir } from '../build/helpers.js';

const bytes = (text: string): Uint8Array[] => [Buffer.from(text, 'utf8')];

describe('writes in bulk', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(() => tmp?.cleanup());

  it('puts nothing in place before the commit, then every file at once, with no temporary file left', async () => {
    tmp = await tempDir();
    const stage = staging();
    await writeFile(path.join(tmp.dir, 'a.html'), 'old a');
    await stage.stage(path.join(tmp.dir, '.a.tmp'), path.join(tmp.dir, 'a.html'), bytes('new a'));
    await stage.stage(path.join(tmp.dir, '.b.tmp'), path.join(tmp.dir, 'b.html'), bytes('new b'));
    expect(await readFile(path.join(tmp.dir, 'a.html'), 'utf8')).toBe('old a');
    expect(stage.size).toBe(2);
    const owed = new Set<string>();
    expect((await stage.commit(owed)).sort()).toEqual([path.join(tmp.dir, 'a.html'), path.join(tmp.dir, 'b.html')]);
    expect(await readFile(path.join(tmp.dir, 'a.html'), 'utf8')).toBe('new a');
    expect((await readdir(tmp.dir)).sort()).toEqual(['a.html', 'b.html']);
    // This machine's file system flushes at once (syncfs): no folder is left owing its sync.
    expect(await syncFileSystem(tmp.dir)).toBe(true);
    expect(owed.size).toBe(0);
  });

  it('syncs file by file, and owes each folder its sync, where the file system cannot be flushed at once', async () => {
    tmp = await tempDir();
    const stage = staging(async () => false);
    await mkdir(path.join(tmp.dir, 'x'));
    await stage.stage(path.join(tmp.dir, 'x', '.c.tmp'), path.join(tmp.dir, 'x', 'c.html'), bytes('c'));
    const owed = new Set<string>();
    await stage.commit(owed);
    expect(await readFile(path.join(tmp.dir, 'x', 'c.html'), 'utf8')).toBe('c');
    expect([...owed]).toEqual([path.join(tmp.dir, 'x')]);
  });

  it('says which files it had put in place when a rename fails, and removes the rest', async () => {
    tmp = await tempDir();
    const stage = staging();
    // A folder with a file in it where a file should go: the rename over it fails.
    await mkdir(path.join(tmp.dir, 'b.html'));
    await writeFile(path.join(tmp.dir, 'b.html', 'inside'), 'x');
    for (const name of ['a', 'b', 'c']) await stage.stage(path.join(tmp.dir, `.${name}.tmp`), path.join(tmp.dir, `${name}.html`), bytes(name));
    const failed = await stage.commit(new Set()).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(CommitError);
    expect(failed).toMatchObject({ file: path.join(tmp.dir, 'b.html'), renamed: [path.join(tmp.dir, 'a.html')], afterRenames: false });
    expect((await readdir(tmp.dir)).sort()).toEqual(['a.html', 'b.html']);
  });

  it('removes what it staged when the build gives up', async () => {
    tmp = await tempDir();
    const stage = staging();
    await stage.stage(path.join(tmp.dir, '.d.tmp'), path.join(tmp.dir, 'd.html'), bytes('d'));
    await stage.abort();
    expect(await readdir(tmp.dir)).toEqual([]);
    expect(stage.size).toBe(0);
  });
});
