import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WriteError } from '../../src/build/index.js';
import { inboxFilePath, readInboxFile, writeInboxFile } from '../../src/preview/inbox/inbox-file.js';
import { mountTinyDisk } from '../helpers/tiny-disk.js';

const mounted = await mountTinyDisk('256k');
const disk = mounted.disk;
afterAll(() => disk?.unmount());

describe.skipIf(disk === undefined)(`the preview's inbox file on a full disk${mounted.skip ? ` (skipped: ${mounted.skip})` : ''}`, () => {
  it('keeps the previous file whole and says which file and why', async () => {
    const tiny = disk as NonNullable<typeof disk>;
    const first = { smtpUrl: 'smtp://127.0.0.1:1025', previewUrl: 'http://127.0.0.1:4321/', pid: 1, startedAt: '2024-06-03T09:00:00.000Z' };
    await writeInboxFile(tiny.dir, first);
    const before = await readFile(inboxFilePath(tiny.dir));
    await tiny.fill(0);
    const error: unknown = await writeInboxFile(tiny.dir, { ...first, pid: 2, previewUrl: `http://127.0.0.1:4321/${'x'.repeat(8192)}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toBe(`cannot write ${inboxFilePath(tiny.dir)}: ENOSPC: the disk is full (free some space and run the command again; the previous file is unchanged)`);
    expect(await readFile(inboxFilePath(tiny.dir))).toEqual(before);
    expect(await readInboxFile(tiny.dir)).toEqual(first);
    expect(await readdir(path.dirname(inboxFilePath(tiny.dir)))).toEqual(['preview.json']);
  });
});
