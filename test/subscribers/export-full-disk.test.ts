import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';
import { mountTinyDisk } from '../helpers/tiny-disk.js';

const mounted = await mountTinyDisk('1m');
const disk = mounted.disk;
afterAll(() => disk?.unmount());

const csv = (from: number, to: number): string =>
  ['email,name,themes,status', ...Array.from({ length: to - from }, (_, i) => `reader${from + i}@example.org,Reader ${from + i},,active`)].join('\n');

describe.skipIf(disk === undefined)(`subscribers export to a full disk${mounted.skip ? ` (skipped: ${mounted.skip})` : ''}`, () => {
  let site: Site;
  beforeAll(async () => {
    site = await makeSite();
  });
  afterAll(() => site?.cleanup());

  it('fails naming the file and the cause, claims nothing, and leaves the previous export as it was', async () => {
    const tiny = disk as NonNullable<typeof disk>;
    const file = path.join(tiny.dir, 'backup', 'subscribers.csv');
    await site.write('first.csv', csv(0, 300));
    expect((await site.run('subscribers', 'import', 'first.csv')).code).toBe(0);
    expect(await site.run('subscribers', 'export', '--out', file)).toMatchObject({ code: 0, err: `wrote 300 subscriber(s) to ${file}\n` });
    const previous = await readFile(file);

    await site.write('more.csv', csv(300, 5000));
    expect((await site.run('subscribers', 'import', 'more.csv')).code).toBe(0);
    await tiny.fill(16 * 1024);
    const full = await site.run('subscribers', 'export', '--out', file);
    expect(full.code).toBe(1);
    expect(full.out).toBe('');
    expect(full.err).toBe(`tidings: cannot write ${file}: ENOSPC: the disk is full (free some space and run the command again; the previous file is unchanged)\n`);
    expect(await readFile(file)).toEqual(previous);
    expect(await readdir(path.dirname(file))).toEqual(['subscribers.csv']);

    await tiny.empty();
    expect(await site.run('subscribers', 'export', '--out', file)).toMatchObject({ code: 0, err: `wrote 5000 subscriber(s) to ${file}\n` });
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toHaveLength(5001);
  });
});
