/**
 * An import skips a file whose stamp (size, mtime, ctime: src/import/file-stamp.ts)
 * is as recorded without opening it, reads and hashes any other as before,
 * and records no stamp for a file changed within the racy window before it
 * was read (git's "racily clean" rule). The clock is injected: the files'
 * times are real, the import's "now" is set relative to them.
 */
import { statSync, utimesSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { defaultImportDeps } from '../../src/app/import-deps.js';
import { RACY_WINDOW_MS } from '../../src/import/file-stamp.js';
import { runImport } from '../../src/import/run-import.js';
import { makeSite, type Site } from '../helpers/site.js';

const post = (n: number, words: string): string => `---\ntitle: "Post ${n}"\ndate: 2019-03-0${n}T09:00:00Z\n---\n\n${words}\n`;
const FILES = ['posts/a.md', 'posts/b.md', 'posts/c.md'];
/** A whole second well in the past, set as the files' mtime so that it can be put back exactly. */
const OLD_MTIME_S = 1_700_000_000;

describe('an import of files whose stamps are recorded', () => {
  let site: Site;
  let app: App;
  let now: number;

  /** The latest change (mtime or ctime) of the site's posts, in ms: the clock is set relative to it. */
  const lastChange = (): number => Math.max(...FILES.map((file) => statSync(path.join(site.dir, file))).map((s) => Math.max(s.mtimeMs, s.ctimeMs)));
  const importPosts = () => runImport(['posts'], defaultImportDeps(app, site.dir));
  const counts = async () => {
    const report = await importPosts();
    return { read: report.filesRead, skipped: report.filesSkipped, unopened: report.filesUnopened, updated: report.counts.updated, unchanged: report.counts.unchanged };
  };
  /** Rewrites a file with other bytes of the same size and puts its mtime back. */
  const editKeepingSizeAndMtime = async (file: string): Promise<void> => {
    const abs = path.join(site.dir, file);
    const before = await readFile(abs, 'utf8');
    const after = before.replace('first', 'FIRST');
    expect(after).not.toBe(before);
    expect(Buffer.byteLength(after)).toBe(Buffer.byteLength(before));
    await writeFile(abs, after);
    utimesSync(abs, OLD_MTIME_S, OLD_MTIME_S);
    expect(statSync(abs).mtimeMs).toBe(OLD_MTIME_S * 1000);
  };

  beforeEach(async () => {
    site = await makeSite();
    for (const [i, file] of FILES.entries()) {
      await site.write(file, post(i + 1, `The first words of post ${i + 1}.`));
      utimesSync(path.join(site.dir, file), OLD_MTIME_S, OLD_MTIME_S);
    }
    app = await openApp({ cwd: site.dir, env: {}, now: () => new Date(now) });
  });
  afterEach(async () => {
    await app.close();
    await site.cleanup();
  });

  it('skips them without opening them; a touched file with the same bytes is opened once, then skipped unopened', async () => {
    now = lastChange() + 60_000;
    expect(await counts()).toEqual({ read: 3, skipped: 0, unopened: 0, updated: 0, unchanged: 0 });
    const version = await app.store.contentVersion();
    expect(await counts()).toEqual({ read: 0, skipped: 3, unopened: 3, updated: 0, unchanged: 3 });

    const touched = new Date(OLD_MTIME_S * 1000 + 5_000);
    utimesSync(path.join(site.dir, 'posts/b.md'), touched, touched);
    expect(await counts()).toEqual({ read: 0, skipped: 3, unopened: 2, updated: 0, unchanged: 3 });
    expect(await counts()).toEqual({ read: 0, skipped: 3, unopened: 3, updated: 0, unchanged: 3 });
    // Its new stamp is no change a build reads.
    expect(await app.store.contentVersion()).toBe(version);
  });

  it('reads a file edited with its size and mtime put back (utimes): its ctime moved', async () => {
    now = lastChange() + 60_000;
    await importPosts();
    await editKeepingSizeAndMtime('posts/a.md');
    now = lastChange() + 60_000;
    expect(await counts()).toEqual({ read: 1, skipped: 2, unopened: 2, updated: 1, unchanged: 2 });
    expect((await app.store.listPosts()).find((p) => p.title === 'Post 1')?.text).toContain('The FIRST words');
  });

  it('records no stamp for a file changed within the racy window before it was read: the next import opens it again', async () => {
    now = lastChange() + RACY_WINDOW_MS / 2;
    expect(await counts()).toEqual({ read: 3, skipped: 0, unopened: 0, updated: 0, unchanged: 0 });
    expect([...(await app.store.sourceFiles()).values()].map((file) => file.stamp)).toEqual([undefined, undefined, undefined]);
    // Edited again within the same tick, size and mtime the same: still read.
    await editKeepingSizeAndMtime('posts/a.md');
    now = lastChange() + RACY_WINDOW_MS / 2;
    expect(await counts()).toEqual({ read: 1, skipped: 2, unopened: 0, updated: 1, unchanged: 2 });
    expect((await app.store.listPosts()).find((p) => p.title === 'Post 1')?.text).toContain('The FIRST words');

    // Once the files are older than the window, the next import stamps them and the one after skips them unopened.
    now = lastChange() + RACY_WINDOW_MS + 1;
    expect(await counts()).toEqual({ read: 0, skipped: 3, unopened: 0, updated: 0, unchanged: 3 });
    expect(await counts()).toEqual({ read: 0, skipped: 3, unopened: 3, updated: 0, unchanged: 3 });
  });

  it('still refuses a file larger than content.maxFileMegabytes, its stamp as recorded', async () => {
    now = lastChange() + 60_000;
    await importPosts();
    const config = { ...app.config, content: { ...app.config.content, maxFileMegabytes: 40 / 1024 / 1024 } };
    const report = await runImport(['posts'], { ...defaultImportDeps(app, site.dir), config });
    expect(report.filesUnopened).toBe(0);
    expect(report.diagnostics.map((d) => d.message)).toEqual(FILES.map(() => expect.stringMatching(/larger than the 0\.0 MB limit/)));
  });

  it('leaves a build nothing to do after an import that only stamped touched files', async () => {
    now = lastChange() + 60_000;
    await importPosts();
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    const touched = new Date(OLD_MTIME_S * 1000 + 5_000);
    for (const file of FILES) utimesSync(path.join(site.dir, file), touched, touched);
    now = lastChange() + 60_000;
    expect(await counts()).toEqual({ read: 0, skipped: 3, unopened: 0, updated: 0, unchanged: 3 });
    const again = await site.run('build');
    expect(again.code, again.err).toBe(0);
    expect(again.out + again.err).toMatch(/nothing it reads has changed since the last build/);
  });
});
