/**
 * Preview benchmark (issue 19, item 5): how long a saved edit takes to show in the browser in `tidings preview`
 * on a generated blog (10,000 posts by default, bench/build-sites.ts). The compiled CLI (bin/tidings.js) runs
 * `preview` as a user runs it; Debian's Chromium (playwright-core, as the browser tests drive it) has a post's
 * page of the built site open (/site/posts/...); the bench saves an edit to that post's Markdown file (one post a save) and
 * times from the write to the edited text being visible in the page (awaited in the page, never slept).
 * Cases: one of the newest posts, one of the oldest (on the last archive page), a new post (on the built home
 * page and on the preview's own Posts page). Each row: the median of `--edits` saves, split by the preview's
 * log lines into noticing the change (watcher and batching), the refresh (import, snapshot), the build and
 * the browser (reload and render). Baselines in the same run: the watcher's quiet time (the floor), and the
 * same edit done without the preview, `tidings import` then `tidings build`, two whole processes.
 *
 * Run: npm run bench:preview [-- --posts 10000] [--site DIR] [--edits 5] [--cpu-prof DIR]
 * --site copies a prepared site folder (corpus/ and tidings/ with its store, as bench/build-sites.ts lays
 * them out, e.g. after `tidings import` and `tidings build`) instead of generating and importing one.
 * --cpu-prof writes the preview process's CPU profile into DIR (node --cpu-prof).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_BATCH } from '../src/preview/watch/watcher.js';
import { prepareSites, tidingsBuild, tidingsImport, type Sites } from './build-sites.js';
import { loadLine } from './machine.js';
import { measure, type Spawn } from './measure.js';
import { startPreviewProcess, type PreviewProcess } from './preview-process.js';

const CHROMIUM = '/usr/bin/chromium';
const TARGET_MS = 300;

interface Options {
  posts: number;
  site: string | undefined;
  edits: number;
  cpuProf: string | undefined;
}

function options(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const posts = Number(value('posts') ?? 10000);
  const edits = Number(value('edits') ?? 5);
  if (!Number.isInteger(posts) || posts < 10 || !Number.isInteger(edits) || edits < 1) throw new Error('usage: bench/preview.ts [--posts 10000] [--site DIR] [--edits 5] [--cpu-prof DIR]');
  return { posts, site: value('site'), edits, cpuProf: value('cpu-prof') };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** One save, from the write to the text in the page, split by the preview's log lines (ms). */
interface Timing {
  total: number;
  notice: number;
  refresh: number;
  build: number;
  browser: number;
}

/** The sites' folders under `dir`: a copy of a prepared one, or a new corpus imported and built. */
async function sites(dir: string, opt: Options): Promise<Sites> {
  let s: Sites;
  if (opt.site !== undefined) {
    execFileSync('cp', ['-a', path.join(opt.site, 'corpus'), path.join(opt.site, 'tidings'), dir]);
    const posts = readdirSync(path.join(dir, 'corpus', 'posts')).length;
    s = { posts, corpus: path.join(dir, 'corpus'), tidingsSite: path.join(dir, 'tidings'), tidingsOut: path.join(dir, 'tidings', 'out'), hugoSite: '', hugoOut: '', eleventySite: '', eleventyOut: '' };
  } else {
    s = await prepareSites(dir, opt.posts);
  }
  // The content path as the preview reads it; `tidings import` and `build` then bring the store and the
  // output up to date with it (a copied site's files are at a new place: the import moves their sources).
  const config = path.join(s.tidingsSite, 'tidings.config.yaml');
  if (!(await readFile(config, 'utf8')).includes('\ncontent:')) await appendFile(config, 'content:\n  paths:\n    - ../corpus/posts\n');
  measure(importAll(s));
  measure(tidingsBuild(s));
  return s;
}

/** `tidings import` of the config's content paths, as a user without the preview runs it after a save. */
const importAll = (s: Sites): Spawn => ({ ...tidingsImport(s), args: tidingsImport(s).args.slice(0, -1) });

const postFile = (s: Sites, n: number): string => path.join(s.corpus, 'posts', `post-${String(n).padStart(5, '0')}.md`);

/** The address of post number `n`'s page in the built site (its folder is named post-<n>-<words>). */
function postUrl(s: Sites, url: string, n: number): string {
  const posts = path.join(s.tidingsOut, 'posts');
  for (const year of readdirSync(posts))
    for (const month of readdirSync(path.join(posts, year))) {
      const folder = readdirSync(path.join(posts, year, month)).find((f) => f.startsWith(`post-${n}-`));
      if (folder !== undefined) return `${url}site/posts/${year}/${month}/${folder}/`;
    }
  throw new Error(`no page for post ${n} in ${posts}`);
}

/** Saves `text` to `file` and waits until `visible` shows in every page given; the times split by the log. */
async function timeSave(preview: PreviewProcess, file: string, text: string, visible: string, pages: readonly Page[]): Promise<Timing[]> {
  const t0 = performance.now();
  await writeFile(file, text);
  const refreshed = preview.lineAfter(t0, /: refreshed in \d+ ms$/);
  const built = preview.lineAfter(t0, /^built: /);
  const seen = await Promise.all(
    pages.map(async (page) => {
      await page.getByText(visible).first().waitFor({ timeout: 120_000 }).catch((e: unknown) => {
        throw new Error(`${String(e)}\nthe preview said:\n${preview.lines.map((l) => l.text).join("\n")}`);
      });
      return performance.now();
    }),
  );
  const r = await refreshed;
  const b = await built;
  const refreshMs = Number(/refreshed in (\d+) ms$/.exec(r.text)?.[1]);
  return seen.map((at) => ({
    total: at - t0,
    notice: r.at - refreshMs - t0,
    refresh: refreshMs,
    build: Math.max(0, b.at - r.at),
    browser: Math.max(0, at - Math.max(b.at, r.at)),
  }));
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const ms = (x: number): string => `${Math.round(x).toLocaleString('en-GB')} ms`;

function row(name: string, timings: readonly Timing[], stages = true): string {
  const m = (k: keyof Timing): number => median(timings.map((t) => t[k]));
  const spread = `${ms(Math.min(...timings.map((t) => t.total)))}–${ms(Math.max(...timings.map((t) => t.total)))}`;
  const parts = stages ? [ms(m('notice')), ms(m('refresh')), ms(m('build')), ms(m('browser'))] : ['', '', '', ''];
  return `| ${name} | ${timings.length} | **${ms(m('total'))}** | ${spread} | ${parts.join(' | ')} | ${(m('total') / TARGET_MS).toFixed(1)}x |`;
}

async function main(): Promise<void> {
  const opt = options(process.argv.slice(2));
  if (!existsSync(path.join(import.meta.dirname, '..', 'dist', 'cli', 'run.js'))) throw new Error('dist/ is missing: run npm run build first');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-preview-'));
  let browser: Browser | undefined;
  let preview: PreviewProcess | undefined;
  try {
    const t = performance.now();
    const s = await sites(dir, opt);
    log(`${s.posts} posts: site ready in ${ms(performance.now() - t)}`);
    const last = s.posts - 1;

    // Baseline: the same edit without the preview, two commands, whole processes.
    const manual: Timing[] = [];
    const original = new Map<number, string>();
    const read = async (n: number): Promise<string> => {
      if (!original.has(n)) original.set(n, await readFile(postFile(s, n), 'utf8'));
      return original.get(n)!;
    };
    const edited = (text: string, marker: string): string => text.replace('---\n\n', `---\n\n${marker} `);
    for (let i = 0; i < Math.min(3, opt.edits); i++) {
      await writeFile(postFile(s, last), edited(await read(last), `Manual edit ${i} zqx.`));
      const a = measure(importAll(s));
      const b = measure(tidingsBuild(s));
      manual.push({ total: a.ms + b.ms, notice: 0, refresh: a.ms, build: b.ms, browser: 0 });
    }
    log(`without the preview: import + build ${ms(median(manual.map((m) => m.total)))}`);

    const t1 = performance.now();
    preview = await startPreviewProcess(s.tidingsSite, opt.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', opt.cpuProf] : []);
    const startMs = performance.now() - t1;
    log(`tidings preview serving at ${preview.url} after ${ms(startMs)}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const open = async (url: string): Promise<Page> => {
      const page = await browser!.newPage();
      await page.goto(url);
      return page;
    };

    // One post a save, each with its own page open: in a copied site (--site) every post also has its original
    // file as a source, unchanged, and a second save of one file does not change the merged post (docs/benchmarks.md).
    const editCase = async (first: number, step: number, label: string): Promise<Timing[]> => {
      const out: Timing[] = [];
      for (let i = 0; i < opt.edits; i++) {
        const n = first + i * step;
        const page = await open(postUrl(s, preview!.url, n));
        const marker = `Preview edit ${i} of ${label} qzv.`;
        out.push(...(await timeSave(preview!, postFile(s, n), edited(await read(n), marker), marker, [page])));
        log(`${label}, edit ${i + 1} (post ${n}): ${ms(out.at(-1)!.total)}`);
        await page.close();
      }
      return out;
    };
    // The newest post's page stays open while old posts are edited: it must not reload (its bytes do not change).
    const newest = await open(postUrl(s, preview.url, last));
    let reloads = 0;
    newest.on('load', () => void (reloads += 1));
    const newestEdits = await editCase(last - 1, -1, 'a new-ish post');
    const reloadsBefore = reloads;
    const oldEdits = await editCase(0, 1, 'an old post');
    const otherReloads = reloads - reloadsBefore;

    const home = await open(`${preview.url}site/`);
    const postsPage = await open(`${preview.url}posts`);
    const homeNew: Timing[] = [];
    const listNew: Timing[] = [];
    for (let i = 0; i < opt.edits; i++) {
      const title = `Brand new post ${i} kwv`;
      const text = `---\ntitle: "${title}"\ndate: 2025-06-0${(i % 9) + 1}T12:00:00Z\ntags: [workforce]\n---\n\nA new post, number ${i}.\n`;
      const [onHome, onList] = await timeSave(preview, postFile(s, s.posts + i), text, title, [home, postsPage]);
      homeNew.push(onHome!);
      listNew.push(onList!);
      log(`a new post ${i + 1}: home ${ms(onHome!.total)}, Posts page ${ms(onList!.total)}`);
    }
    const listOnly = listNew.map((t) => ({ ...t, build: 0, browser: Math.max(0, t.total - t.notice - t.refresh) }));

    const lines = [
      `A ${s.posts.toLocaleString('en-GB')}-post blog (bench/build-sites.ts), \`tidings preview\` compiled (dist/), Chromium ${browser.version()} headless. ` +
        `Each row: ${opt.edits} saves of a Markdown file, timed from the write to the edited text visible in the open page (median; the range; the stages by the preview's log lines). ` +
        `The preview started (import, build, serving) in ${ms(startMs)}. ${loadLine()}.`,
      '',
      `| Save | saves | write → visible | range | notice (watcher + ${DEFAULT_BATCH.quietMs} ms quiet) | refresh (import, snapshot) | build (buildSite) | browser (reload) | of the ${TARGET_MS} ms target |`,
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
      row('one of the newest posts, its page open', newestEdits),
      row('one of the oldest posts (the last archive page), its page open', oldEdits),
      row('a new post, the built home page open', homeNew),
      row('a new post, the preview’s Posts page open (no build awaited)', listOnly),
      `| floor: the watcher's quiet time before a batch goes out | | ${ms(DEFAULT_BATCH.quietMs)} | | | | | | ${(DEFAULT_BATCH.quietMs / TARGET_MS).toFixed(1)}x |`,
      `| baseline: the same save without the preview, \`tidings import\` + \`tidings build\` (two processes) | ${manual.length} | ${ms(median(manual.map((m) => m.total)))} | | | ${ms(median(manual.map((m) => m.refresh)))} (import) | ${ms(median(manual.map((m) => m.build)))} | | ${(median(manual.map((m) => m.total)) / TARGET_MS).toFixed(1)}x |`,
      '',
      `While the old posts were edited (${opt.edits} saves), the newest post's open page (unchanged by them) reloaded ${otherReloads} times.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser?.close();
    await preview?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
