import { execFileSync } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { siteTemplates } from '../../src/app/templates.js';
import type { Config } from '../../src/config/schema.js';
import { buildSite } from '../../src/build/index.js';
import type { BuildOptions, BuildReport } from '../../src/build/index.js';
import { MANIFEST } from '../../src/build/manifest.js';
import type { Store } from '../../src/store/store.js';
import { addPosts, listFiles, storeWith } from './helpers.js';
import { makePost, makePosts } from '../feeds/fixtures.js';
import { digestConfig, siteDir } from '../digest/helpers.js';

let site: Awaited<ReturnType<typeof siteDir>>;
let store: Store;
let outDir: string;
let config: Config;
let now: Date;

const DAY = 86_400_000;

beforeEach(async () => {
  site = await siteDir();
  // 60 posts a day apart, and two more scheduled after the build's time.
  store = await storeWith([...makePosts(60), makePost(61), makePost(62, { themes: ['policy'] })]);
  outDir = path.join(site.dir, 'out');
  const base = digestConfig();
  config = { ...base, subscriptions: { ...base.subscriptions, signUpLink: 'always' } };
  now = new Date(Date.parse(makePost(60).published) + 1000);
});
afterEach(async () => {
  await store.close();
  await site.cleanup();
});

/** What `tidings build` does at each run: templates read from the site folder as they are now. */
async function options(into: string): Promise<BuildOptions> {
  return { store, config, outDir: into, now, issues: { rootDir: site.dir, templates: await siteTemplates(config, site.dir) } };
}

async function contents(dir: string): Promise<Map<string, string>> {
  const files = await listFiles(dir);
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')] as [string, string])));
}

let clean = 0;
/** The incremental build of out/, then the same build into an empty folder: the two must hold the same files, byte for byte. */
async function buildBoth(): Promise<BuildReport> {
  const report = await buildSite(await options(outDir));
  const fresh = path.join(site.dir, `clean-${clean++}`);
  await buildSite(await options(fresh));
  const [incremental, whole] = await Promise.all([contents(outDir), contents(fresh)]);
  expect([...incremental.keys()]).toEqual([...whole.keys()]);
  for (const [file, text] of whole) expect(incremental.get(file), file).toBe(text);
  await rm(fresh, { recursive: true, force: true });
  return report;
}

describe('tidings build renders only the outputs whose inputs changed', () => {
  it('gives the same site as a clean build after every kind of change', async () => {
    const first = await buildBoth();
    expect(first.written.length).toBeGreaterThan(100);

    const same = await buildBoth();
    expect(same.written).toEqual([]);

    // An edited post: its page, the home page, its theme's page and feeds, its roundup.
    await addPosts(store, [makePost(30, { html: '<p>Rewritten, with <a href="https://example.org/">a link</a>.</p>', updated: new Date(now.getTime() - DAY).toISOString() })]);
    const edited = await buildBoth();
    expect(edited.written).toContain('posts/2013/01/post-number-30/index.html');
    expect(edited.written).not.toContain('posts/2013/01/post-number-29/index.html');

    // A new post, dated now.
    await addPosts(store, [makePost(60, { themes: ['workforce'] })]);
    expect((await buildBoth()).written.length).toBeGreaterThan(0);

    // A withdrawn post: its page goes, the feeds announce it.
    await store.withdrawPost('p00010', { at: new Date(now.getTime() - DAY).toISOString(), reason: 'test', cause: 'command' });
    const withdrawn = await buildBoth();
    expect(withdrawn.removed).toContain('posts/2013/01/post-number-10/index.html');

    // Time passes: the scheduled posts come out.
    now = new Date(Date.parse(makePost(62).published) + 1000);
    const later = await buildBoth();
    expect(later.written).toContain('posts/2013/03/post-number-62/index.html');

    // A post in a week of its own: a new roundup, and the one before it now links to it.
    now = new Date(now.getTime() + 9 * DAY);
    await addPosts(store, [makePost(60, { id: 'p-next-week', slug: 'next-week', url: 'https://blog.example.org/posts/2013/03/next-week/', published: new Date(now.getTime() - DAY).toISOString(), updated: new Date(now.getTime() - DAY).toISOString() })]);
    const week = await buildBoth();
    expect(week.issues).toBeGreaterThan(first.issues);

    // The config: a theme's name is on every page of that theme's posts and in the feeds.
    config = { ...config, themes: config.themes.map((t) => (t.slug === 'policy' ? { ...t, name: 'Policy and ministers' } : t)) };
    const renamed = await buildBoth();
    expect(renamed.written.length).toBeGreaterThan(10);

    // The sign-up template: on every page.
    await site.write('templates/pages/sign-up.html.hbs', '<p class="sign-up"><a href="{{url}}">Get the roundup</a></p>\n');
    const signUp = await buildBoth();
    expect(signUp.written).toContain('index.html');

    // A roundup template.
    await site.write('templates/email/post-card.mjml.hbs', '<mj-text mj-class="post"><h3><a href="{{url}}">{{title}}</a></h3><p>{{excerpt}}</p></mj-text>\n');
    const templated = await buildBoth();
    expect(templated.written.filter((f) => f.endsWith('email.html')).length).toBeGreaterThan(5);
  });

  it('puts back a file changed by hand, and one removed', async () => {
    await buildSite(await options(outDir));
    const page = path.join(outDir, 'posts/2013/01/post-number-5/index.html');
    const original = await readFile(page, 'utf8');
    await writeFile(page, 'vandalised');
    await rm(path.join(outDir, 'themes/policy/atom.xml'));
    const again = await buildSite(await options(outDir));
    expect(again.written.sort()).toEqual(['posts/2013/01/post-number-5/index.html', 'themes/policy/atom.xml']);
    expect(await readFile(page, 'utf8')).toBe(original);
  });

  it('trusts a file whose size and mtime are as recorded until --verify reads it back', async () => {
    await buildSite(await options(outDir));
    const page = path.join(outDir, 'posts/2013/01/post-number-5/index.html');
    const original = await readFile(page, 'utf8');
    const { mtimeNs } = await stat(page, { bigint: true });
    // The same length, the same mtime to the nanosecond (GNU touch; Node's utimes keeps less): only reading it shows the change.
    await writeFile(page, original.replace('Post number 5', 'Post number X'));
    execFileSync('touch', ['-m', '-d', `@${mtimeNs / 1_000_000_000n}.${String(mtimeNs % 1_000_000_000n).padStart(9, '0')}`, page]);
    expect((await buildSite(await options(outDir))).written).toEqual([]);
    const verified = await buildSite({ ...(await options(outDir)), verify: true });
    expect(verified.mismatched).toEqual(['posts/2013/01/post-number-5/index.html']);
    expect(await readFile(page, 'utf8')).toBe(original);
  });

  it('keys every file it writes in its list, and reads a list from before the keys', async () => {
    await buildSite(await options(outDir));
    // The first build gave the roundups their numbers: the second keeps the state of what it read (build-state.ts).
    await buildSite(await options(outDir));
    const list = await readFile(path.join(outDir, MANIFEST), 'utf8');
    const lines = list.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((l) => /\t[0-9a-f]{64}\t[0-9a-f]{64}$/.test(l))).toBe(true);
    expect(list).toMatch(/^#state\t\{/m);
    // A list as builds wrote it before the keys (and before the build's state): every file is looked at once (and found unchanged), then keyed.
    await writeFile(path.join(outDir, MANIFEST), list.replace(/^#state\t.*\n/m, '').replace(/\t[0-9a-f]{64}$/gm, ''));
    const again = await buildSite(await options(outDir));
    expect(again.written).toEqual([]);
    expect(await readFile(path.join(outDir, MANIFEST), 'utf8')).toBe(list);
  });
});
