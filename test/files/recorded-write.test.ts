import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syncFolders, writeFileRecorded } from '../../src/files/recorded-write.js';
import { tempDir } from '../build/helpers.js';

describe('writeFileRecorded', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(() => tmp?.cleanup());

  it('owes each folder it renamed into one sync, and leaves no temporary file', async () => {
    tmp = await tempDir();
    const owed = new Set<string>();
    const dir = path.join(tmp.dir, 'issues', '2019-W31');
    const first = await writeFileRecorded(path.join(dir, 'email.html'), '<p>one</p>', { owed });
    await writeFileRecorded(path.join(dir, 'email.txt'), 'one', { owed });
    await writeFileRecorded(path.join(tmp.dir, 'atom.xml'), '<feed/>', { owed });
    expect([...owed].sort()).toEqual([tmp.dir, dir].sort());
    expect(first).toMatchObject({ outcome: 'written', record: { size: 10 }, mismatch: false });
    expect(first.record.mtimeNs).toBe((await stat(path.join(dir, 'email.html'), { bigint: true })).mtimeNs);
    await syncFolders(owed);
    expect(owed.size).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['email.html', 'email.txt']);
  });

  it('trusts a record whose size and mtime match without reading the file; verify reads it', async () => {
    tmp = await tempDir();
    const file = path.join(tmp.dir, 'index.html');
    await writeFile(file, 'the page');
    const { mtimeNs } = await stat(file, { bigint: true });
    // A record that says the file holds other bytes of the same size: only reading the file would show it holds these.
    const known = { size: 8, mtimeNs, hash: '0'.repeat(64) };
    const owed = new Set<string>();
    await expect(writeFileRecorded(file, 'the page', { owed, known, verify: true })).resolves.toMatchObject({ outcome: 'unchanged', mismatch: false });
    expect(owed.size).toBe(0);
    await expect(writeFileRecorded(file, 'the page', { owed, known })).resolves.toMatchObject({ outcome: 'written' });
    expect(await readFile(file, 'utf8')).toBe('the page');
  });
});
