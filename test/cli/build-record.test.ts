import { createHash } from 'node:crypto';
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../build/helpers.js';
import { makeSite, type Site } from '../helpers/site.js';

/** out/.tidings-files as path -> [size, mtime ns, sha256, key of its inputs] (lines with a record only). */
async function records(out: string): Promise<Map<string, string[]>> {
  const text = await readFile(path.join(out, '.tidings-files'), 'utf8');
  const lines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  return new Map(lines.map((line) => line.split('\t')).map(([rel = '', ...rest]) => [rel, rest]));
}

describe('a build keeps a record of each file it made and trusts it until the file changes on disk', () => {
  let site: Site;
  let out: string;
  beforeAll(async () => {
    site = await makeSite({ seeds: true });
    expect((await site.run('import')).code).toBe(0);
    const first = await site.run('build');
    expect(first.code, first.err).toBe(0);
    out = path.join(site.dir, 'out');
  });
  afterAll(() => site?.cleanup());

  it('records the size, mtime and sha256 of every file it made, as they are on disk, and the key of what it was made from', async () => {
    const listed = await records(out);
    const files = await listFiles(out);
    expect([...listed.keys()].sort()).toEqual(files);
    for (const file of files) {
      const bytes = await readFile(path.join(out, file));
      const info = await stat(path.join(out, file), { bigint: true });
      const [size, mtime, hash, key] = listed.get(file) ?? [];
      expect([size, mtime, hash], file).toEqual([String(bytes.length), String(info.mtimeNs), createHash('sha256').update(bytes).digest('hex')]);
      // Pages, feeds and roundups are keyed (only the gone list and files copied beside pages are not; the demo has neither).
      expect(key, file).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('puts back a file deleted or edited in out/ (its size or mtime differ from the record)', async () => {
    const index = path.join(out, 'index.html');
    const page = await readFile(index, 'utf8');
    await writeFile(index, page.replace('</body>', '<p>edited by hand</p></body>'));
    await rm(path.join(out, 'atom.xml'));
    const again = await site.run('build');
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/: 2 files written, \d+ unchanged/);
    expect(await readFile(index, 'utf8')).toBe(page);
    await expect(stat(path.join(out, 'atom.xml'))).resolves.toBeTruthy();
  });

  it('does not read back a file whose size and mtime match the record; build --verify does, and puts it right', async () => {
    const index = path.join(out, 'index.html');
    const page = await readFile(index, 'utf8');
    // A whole second: a time the file system keeps exactly, so that it can be set back after an edit.
    const when = new Date('2020-01-01T00:00:00Z');
    await utimes(index, when, when);
    // Only the mtime differs from the record: the file is read back, found right, left alone, and recorded anew.
    const found = await site.run('build');
    expect(found.code, found.err).toBe(0);
    expect(found.out).toMatch(/: 0 files written, \d+ unchanged/);
    expect((await records(out)).get('index.html')?.[1]).toBe(String(BigInt(when.getTime()) * 1_000_000n));

    // An edit in place that keeps the size and the mtime: the record vouches for the file, so a plain build trusts it.
    const edited = page.replace('<title>', '<title>X').replace(/.<\/title>/, '</title>');
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(page));
    expect(edited).not.toBe(page);
    await writeFile(index, edited);
    await utimes(index, when, when);
    const trusted = await site.run('build');
    expect(trusted.code, trusted.err).toBe(0);
    expect(trusted.out).toMatch(/: 0 files written, \d+ unchanged/);
    expect(await readFile(index, 'utf8')).toBe(edited);

    const verified = await site.run('build', '--verify');
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toMatch(/: 1 files written, \d+ unchanged/);
    expect(verified.out).toContain('verified: every file read back; 1 had been changed on disk since the last build without its size or mtime showing it (index.html), now put right');
    expect(await readFile(index, 'utf8')).toBe(page);

    const clean = await site.run('build', '--verify');
    expect(clean.out).toContain('verified: every file read back; 0 had been changed on disk');
    expect(clean.out).toMatch(/: 0 files written, \d+ unchanged/);
  });

  it('reads a list from before records were kept (paths alone): every file read back once and recorded, but a current roundup\'s email files, which are not even rendered', async () => {
    const listed = await records(out);
    await writeFile(path.join(out, '.tidings-files'), `# files written by tidings build\n${[...listed.keys()].join('\n')}\n`);
    const upgraded = await site.run('build');
    expect(upgraded.code, upgraded.err).toBe(0);
    expect(upgraded.out).toMatch(/: 0 files written, \d+ unchanged/);
    const now = await records(out);
    expect([...now.keys()]).toEqual([...listed.keys()]);
    const email = /^issues\/[^/]+\/(email\.|message\.eml)/;
    expect([...now].filter(([rel]) => !email.test(rel))).toEqual([...listed].filter(([rel]) => !email.test(rel)));
    expect([...now].filter(([rel]) => email.test(rel)).every(([, record]) => record.length === 0)).toBe(true);
  });
});
