import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FolderWatch } from '../../src/preview/watch/folder-watch.js';
import { watchFolders } from '../../src/preview/watch/folder-watch.js';
import type { FileEvent } from '../../src/preview/watch/roots.js';

type Seen = [FileEvent, string];

/** A watch over `targets` that records what it reports, and waits for a given report (never a fixed time). */
function watching(root: string, targets: readonly string[], relevant: (file: string) => boolean = () => true) {
  const seen: Seen[] = [];
  const errors: unknown[] = [];
  let waiter: { want: (s: Seen) => boolean; resolve: () => void } | undefined;
  const watch = watchFolders({
    targets,
    relevant,
    onEvent: (event, file) => {
      const s: Seen = [event, path.relative(root, file)];
      seen.push(s);
      if (waiter?.want(s)) {
        waiter.resolve();
        waiter = undefined;
      }
    },
    onError: (error) => errors.push(error),
  });
  opened.push(watch);
  const until = (event: FileEvent, rel: string): Promise<void> =>
    seen.some(([e, f]) => e === event && f === rel)
      ? Promise.resolve()
      : new Promise((resolve) => {
          waiter = { want: ([e, f]) => e === event && f === rel, resolve };
        });
  return { seen, errors, until, watch };
}

const opened: FolderWatch[] = [];
const made: string[] = [];
afterEach(() => {
  for (const w of opened.splice(0)) w.close();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function site(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-watch-'));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('watching the site’s folders', () => {
  it('reports a saved post, written in place or by an editor renaming a temporary file over it, and nothing at start', async () => {
    const root = site({ 'posts/a.md': '# A', 'posts/b.md': '# B' });
    const w = watching(root, [root]);
    expect(w.seen).toEqual([]);
    writeFileSync(path.join(root, 'posts/a.md'), '# A, edited');
    await w.until('change', 'posts/a.md');
    writeFileSync(path.join(root, 'posts/b.md.tmp'), '# B, edited');
    renameSync(path.join(root, 'posts/b.md.tmp'), path.join(root, 'posts/b.md'));
    await w.until('change', 'posts/b.md');
    // The temporary file came and went: what it was is for the caller to judge (roots.ts classify), never an error.
    expect(w.seen.filter(([, f]) => f === 'posts/b.md').map(([e]) => e)).toContain('change');
    expect(w.errors).toEqual([]);
  });

  it('reports a new post, and the posts of a folder made or moved in, as added', async () => {
    const root = site({ 'posts/a.md': '# A', 'elsewhere/2019/old.md': '# Old' });
    const w = watching(root, [path.join(root, 'posts')]);
    writeFileSync(path.join(root, 'posts/new.md'), '# New');
    await w.until('add', 'posts/new.md');
    mkdirSync(path.join(root, 'posts/2020'));
    writeFileSync(path.join(root, 'posts/2020/x.md'), '# X');
    await w.until('add', 'posts/2020/x.md');
    renameSync(path.join(root, 'elsewhere/2019'), path.join(root, 'posts/2019'));
    await w.until('add', 'posts/2019/old.md');
    // Files in the folder made later are watched too.
    writeFileSync(path.join(root, 'posts/2020/x.md'), '# X, edited');
    await w.until('change', 'posts/2020/x.md');
  });

  it('reports a removed post, and every post of a folder removed or moved out, as removed', async () => {
    const root = site({ 'posts/a.md': '# A', 'posts/2019/b.md': '# B', 'posts/2019/deep/c.md': '# C', 'posts/2020/d.md': '# D' });
    const w = watching(root, [path.join(root, 'posts')]);
    rmSync(path.join(root, 'posts/a.md'));
    await w.until('unlink', 'posts/a.md');
    renameSync(path.join(root, 'posts/2019'), path.join(root, 'moved-out'));
    await w.until('unlink', 'posts/2019/deep/c.md');
    await w.until('unlink', 'posts/2019/b.md');
    rmSync(path.join(root, 'posts/2020'), { recursive: true });
    await w.until('unlink', 'posts/2020/d.md');
    // What moved out is no longer watched: a change there is not this site's.
    writeFileSync(path.join(root, 'moved-out/b.md'), '# B, edited');
    writeFileSync(path.join(root, 'posts/e.md'), '# E');
    await w.until('add', 'posts/e.md');
    expect(w.seen.some(([, f]) => f.startsWith('moved-out'))).toBe(false);
  });

  it('enters only the folders the caller cares about, and reports only their files', async () => {
    const root = site({ 'posts/a.md': '# A', 'out/index.html': '<p>', 'tidings.config.yaml': 'site: {}' });
    const relevant = (file: string): boolean => !path.relative(root, file).startsWith('out');
    const w = watching(root, [root], relevant);
    writeFileSync(path.join(root, 'out/index.html'), '<p>again');
    writeFileSync(path.join(root, 'tidings.config.yaml'), 'site: { title: x }');
    await w.until('change', 'tidings.config.yaml');
    writeFileSync(path.join(root, 'posts/a.md'), '# A, edited');
    await w.until('change', 'posts/a.md');
    expect(w.seen.some(([, f]) => f.startsWith('out'))).toBe(false);
  });

  it('watches for a folder that does not exist yet, from the nearest one that does, and for a single file', async () => {
    const root = site({ 'site/tidings.config.yaml': 'a: 1', 'site/other.yaml': 'b: 2' });
    const templates = path.join(root, 'site/templates');
    const config = path.join(root, 'site/tidings.config.yaml');
    const wanted = [templates, config];
    const relevant = (file: string): boolean => wanted.some((t) => file === t || file.startsWith(`${t}${path.sep}`) || t.startsWith(`${file}${path.sep}`));
    const w = watching(root, wanted, relevant);
    mkdirSync(templates);
    writeFileSync(path.join(templates, 'email.mjml.hbs'), '<mjml>');
    await w.until('add', 'site/templates/email.mjml.hbs');
    writeFileSync(path.join(root, 'site/other.yaml'), 'b: 3');
    writeFileSync(config, 'a: 2');
    await w.until('change', 'site/tidings.config.yaml');
    expect(w.seen.some(([, f]) => f === 'site/other.yaml')).toBe(false);
  });

  it('follows a link to a folder, and watches a folder once however many links lead to it', async () => {
    const root = site({ 'shared/a.md': '# A', 'posts/own.md': '# Own' });
    symlinkSync(path.join(root, 'shared'), path.join(root, 'posts/shared'));
    symlinkSync(path.join(root, 'posts'), path.join(root, 'posts/loop'));
    const w = watching(root, [path.join(root, 'posts')]);
    writeFileSync(path.join(root, 'shared/a.md'), '# A, edited');
    await w.until('change', 'posts/shared/a.md');
    expect(w.errors).toEqual([]);
  });

  it('reports nothing after it is closed', async () => {
    const root = site({ 'posts/a.md': '# A' });
    const closed = watching(root, [root]);
    closed.watch.close();
    const open = watching(root, [root]);
    writeFileSync(path.join(root, 'posts/a.md'), '# A, edited');
    await open.until('change', 'posts/a.md');
    expect(closed.seen).toEqual([]);
  });
});
