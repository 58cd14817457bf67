import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WriteError, writeFileAtomic } from '../../src/build/index.js';
import { makeSite, REPO, type Site } from '../helpers/site.js';
import { mountTinyDisk } from '../helpers/tiny-disk.js';
import { listFiles, startHub, tempDir } from './helpers.js';

const mounted = await mountTinyDisk('3m');
const disk = mounted.disk;
afterAll(() => disk?.unmount());

/** Every file below `root` with its bytes. */
async function snapshot(root: string): Promise<Map<string, Buffer>> {
  const files = await listFiles(root);
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(root, f))] as [string, Buffer])));
}

describe.skipIf(disk === undefined)(`writes on a full disk${mounted.skip ? ` (skipped: ${mounted.skip})` : ''}`, () => {
  const tiny = (): NonNullable<typeof disk> => disk as NonNullable<typeof disk>;
  afterEach(() => tiny().empty());

  it('leaves the old file as it was, removes the temporary file and says the disk is full', async () => {
    const file = path.join(tiny().dir, 'atom.xml');
    await writeFileAtomic(file, 'the old feed\n');
    await tiny().fill(8192);
    const error: unknown = await writeFileAtomic(file, Buffer.alloc(64 * 1024, 0x61)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect(error).toMatchObject({ kind: 'disk-full', code: 'ENOSPC', file, state: 'unchanged', exitCode: 1 });
    expect((error as Error).message).toBe(`cannot write ${file}: ENOSPC: the disk is full (free some space and run the command again; the previous file is unchanged)`);
    expect(await readFile(file, 'utf8')).toBe('the old feed\n');
    expect((await readdir(tiny().dir)).sort()).toEqual(['.filler', 'atom.xml']);
  });

  it('creates no file when a new one does not fit', async () => {
    const file = path.join(tiny().dir, 'new', 'feed.json');
    await tiny().fill(4096);
    await expect(writeFileAtomic(file, Buffer.alloc(32 * 1024))).rejects.toThrow(`cannot write ${file}: ENOSPC: the disk is full (free some space and run the command again; no file was created)`);
    expect(await readdir(path.dirname(file))).toEqual([]);
  });

  it('says so when the file system is read-only', async () => {
    const file = path.join(tiny().dir, 'page.html');
    await writeFileAtomic(file, 'old');
    await promisify(execFile)('mount', ['-o', 'remount,ro', tiny().dir]);
    try {
      await expect(writeFileAtomic(file, 'new')).rejects.toMatchObject({ kind: 'read-only', code: 'EROFS' });
    } finally {
      await promisify(execFile)('mount', ['-o', 'remount,rw', tiny().dir]);
    }
    expect(await readFile(file, 'utf8')).toBe('old');
  });
});

describe.skipIf(disk === undefined)(`tidings build on a disk that fills up${mounted.skip ? ` (skipped: ${mounted.skip})` : ''}`, () => {
  const tiny = (): NonNullable<typeof disk> => disk as NonNullable<typeof disk>;
  let site: Site;
  let hub: Awaited<ReturnType<typeof startHub>>;
  let roomy: Awaited<ReturnType<typeof tempDir>>;
  const post = (i: number): string => `---\ntitle: Caseloads, part ${i}\ndate: 2024-05-${String(i).padStart(2, '0')}\n---\n\nSocial workers and their caseloads, part ${i}. ${'Research and practice. '.repeat(40)}\n`;

  beforeAll(async () => {
    hub = await startHub();
    const demo = await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8');
    site = await makeSite({ config: demo.replace(/^feeds:\n {2}items: 50$/m, `feeds:\n  items: 50\n  hub: ${hub.url}`) });
    for (let i = 1; i <= 6; i++) await site.write(`content/posts/p${i}.md`, post(i));
    expect((await site.run('import')).code).toBe(0);
    roomy = await tempDir();
  });
  afterAll(async () => {
    await site?.cleanup();
    await hub?.close();
    await roomy?.cleanup();
  });

  it('keeps every file whole, old or new, fails with one line naming the file, and tells the hub only about feeds it replaced', async () => {
    const out = path.join(tiny().dir, 'out');
    expect((await site.run('build', '--out', out)).code).toBe(0);
    const before = await snapshot(out);

    // A new title changes every file, and new posts add pages and a roundup: the rebuild needs more room than is left.
    await writeFile(path.join(site.dir, 'tidings.config.yaml'), (await readFile(path.join(site.dir, 'tidings.config.yaml'), 'utf8')).replace('title: Child Protection Commentary', 'title: Child Protection Notes'));
    for (let i = 7; i <= 16; i++) await site.write(`content/posts/p${i}.md`, post(i));
    expect((await site.run('import')).code).toBe(0);
    expect((await site.run('build', '--out', roomy.dir)).code).toBe(0);
    const after = await snapshot(roomy.dir);
    hub.notices.length = 0;

    // Room for the first files (16 are written at the same time), not for all: a third of what the rebuild writes.
    let rewrites = 0;
    for (const [file, bytes] of after) if (!before.get(file)?.equals(bytes)) rewrites += bytes.length;
    await tiny().fill(Math.floor(rewrites / 3));
    const failed = await site.run('build', '--out', out);
    expect(failed.code).toBe(1);
    const lines = failed.err.trimEnd().split('\n').filter((line) => !line.startsWith('warning: '));
    expect(lines).toHaveLength(1);
    // Files go into place a batch at a time (staged-writes.ts): a disk that fills in the first batch leaves out/ as it was.
    const match =
      /^tidings: cannot write (\S+): ENOSPC: the disk is full \(free some space and run the command again; (the previous file is unchanged|no file was created)\) (?:This build had already replaced (\d+) other file\(s\) in (\S+) \(each is whole, old or new\); run it again to finish|This build replaced no file: out\/ is as it was)\.$/.exec(
        lines[0] ?? '',
      );
    expect(match, failed.err).not.toBeNull();
    const [, failedFile, state, count = '0', shownOut = out] = match ?? [];
    expect(shownOut).toBe(out);
    const failedRel = path.relative(out, failedFile ?? '');
    expect(state === 'no file was created').toBe(!before.has(failedRel));

    const now = await snapshot(out);
    const replaced: string[] = [];
    for (const [file, bytes] of now) {
      const old = before.get(file);
      const fresh = after.get(file);
      expect(old?.equals(bytes) === true || fresh?.equals(bytes) === true, `${file} is neither the old nor the new file`).toBe(true);
      if (old === undefined || !old.equals(bytes)) replaced.push(file);
    }
    for (const file of before.keys()) expect(now.has(file), `${file} was removed`).toBe(true);
    expect(now.get(failedRel)).toEqual(before.get(failedRel));
    expect(replaced.length).toBe(Number(count));
    expect((await readdir(out, { recursive: true })).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const base = 'http://127.0.0.1:8080/';
    const told = hub.notices.map((n) => (n.form.get('hub.url') ?? '').slice(base.length)).sort();
    // Subscription feeds are the files named feed.xml, atom.xml, feed.json (archive pages are numbered).
    expect(told).toEqual(replaced.filter((file) => /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/.test(file)).sort());

    // With room again, the same command finishes the job.
    await tiny().empty();
    hub.notices.length = 0;
    const again = await site.run('build', '--out', out);
    expect(again.code, again.err).toBe(0);
    expect(await snapshot(out)).toEqual(after);
  });
});
