/**
 * The three sites of the build benchmark over one generated corpus, and the exact command of each tool:
 * - Hugo (Debian's `hugo`): bench/peers/hugo/ with the corpus as its content folder;
 * - Eleventy 3 + @11ty/eleventy-plugin-rss, from the separate package bench/peers/ (installed by
 *   `npm ci --prefix bench/peers` when missing): a copy of bench/peers/eleventy/site/ with the posts copied in;
 * - tidings, compiled (bin/tidings.js, as a user runs it): a site folder with its config; `import` the corpus,
 *   then `build`.
 * Every tool writes post pages, a paginated home, a page per tag and a full-content feed of every post
 * (tidings: its own pages, feeds and roundups, docs/benchmarks.md says which).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILD_TAGS, generateBuildCorpus } from './generate.js';
import type { Spawn } from './measure.js';

const ROOT = path.resolve(import.meta.dirname, '..');
export const PEERS = path.join(ROOT, 'bench', 'peers');
const TIDINGS = path.join(ROOT, 'bin', 'tidings.js');
const ELEVENTY = path.join(PEERS, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');

/** Installs bench/peers from its lock file when its node_modules is missing; says what it did. */
export function ensurePeers(log: (line: string) => void): void {
  if (existsSync(ELEVENTY)) return;
  log('bench/peers/node_modules is missing: npm ci --prefix bench/peers --ignore-scripts');
  // npm's own report to stderr: stdout is the bench's markdown.
  execFileSync('npm', ['ci', '--prefix', PEERS, '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: ['ignore', 2, 2] });
}

/** What is missing for the bench to run, in words; empty when all is there. */
export function missingTools(): string[] {
  const out: string[] = [];
  try {
    execFileSync('hugo', ['version'], { stdio: 'ignore' });
  } catch {
    out.push('hugo is not installed (Debian: apt-get install -y hugo)');
  }
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'run.js'))) out.push('dist/ is missing: run npm run build first');
  return out;
}

export function hugoVersion(): string {
  return execFileSync('hugo', ['version'], { encoding: 'utf8' }).trim().split(' ')[1] ?? 'unknown';
}

/** The folders of one size under `dir`. */
export interface Sites {
  posts: number;
  corpus: string;
  hugoSite: string;
  hugoOut: string;
  eleventySite: string;
  eleventyOut: string;
  tidingsSite: string;
  tidingsOut: string;
}

function tidingsConfig(): string {
  const themes = BUILD_TAGS.map((slug) => `  - slug: ${slug}\n    name: ${slug.replace(/-/g, ' ')}\n    description: Posts about ${slug.replace(/-/g, ' ')}.\n`).join('');
  return (
    `site:\n  title: Bench blog\n  description: Every post, in full.\n  baseUrl: https://blog.example.org/\n  author: A. Writer\n  language: en-GB\n  timeZone: Europe/London\n` +
    `store:\n  path: .tidings/tidings.db\nbuild:\n  outDir: out\ndefaultTheme: practice-and-research\nthemes:\n${themes}` +
    `digest:\n  period: weekly\nemail:\n  from: Bench blog <roundup@blog.example.org>\n  postalAddress: 1 Example Street, London\n`
  );
}

/** Generates the corpus of `posts` posts and the three sites around it. */
export async function prepareSites(dir: string, posts: number): Promise<Sites> {
  const s: Sites = {
    posts,
    corpus: path.join(dir, 'corpus'),
    hugoSite: path.join(dir, 'hugo'),
    hugoOut: path.join(dir, 'hugo-out'),
    eleventySite: path.join(dir, 'eleventy'),
    eleventyOut: path.join(dir, 'eleventy-out'),
    tidingsSite: path.join(dir, 'tidings'),
    tidingsOut: path.join(dir, 'tidings', 'out'),
  };
  await generateBuildCorpus(path.join(s.corpus, 'posts'), posts);
  cpSync(path.join(PEERS, 'hugo'), s.hugoSite, { recursive: true });
  cpSync(path.join(PEERS, 'eleventy', 'site'), s.eleventySite, { recursive: true });
  cpSync(path.join(s.corpus, 'posts'), path.join(s.eleventySite, 'posts'), { recursive: true });
  mkdirSync(s.tidingsSite, { recursive: true });
  writeFileSync(path.join(s.tidingsSite, 'tidings.config.yaml'), tidingsConfig());
  return s;
}

export function hugo(s: Sites): Spawn {
  return { command: 'hugo', args: ['--quiet', '--source', s.hugoSite, '--contentDir', s.corpus, '--destination', s.hugoOut], cwd: s.hugoSite };
}

export function eleventy(s: Sites): Spawn {
  return { command: process.execPath, args: [ELEVENTY, `--config=${path.join(PEERS, 'eleventy', 'eleventy.config.js')}`, `--input=${s.eleventySite}`, `--output=${s.eleventyOut}`, '--quiet'], cwd: s.eleventySite };
}

export function tidingsImport(s: Sites): Spawn {
  return { command: process.execPath, args: [TIDINGS, 'import', path.join(s.corpus, 'posts')], cwd: s.tidingsSite };
}

export function tidingsBuild(s: Sites): Spawn {
  return { command: process.execPath, args: [TIDINGS, 'build'], cwd: s.tidingsSite };
}

/** The floor under a tidings run: Node and the CLI starting, doing nothing (`--help` loads commander, not the command's work). */
export function tidingsStartup(s: Sites, command: 'import' | 'build'): Spawn {
  return { command: process.execPath, args: [TIDINGS, command, '--help'], cwd: s.tidingsSite };
}

/** Before a cold run: no output (and for tidings no store) left from the run before. */
export function clean(s: Sites, tool: 'hugo' | 'eleventy' | 'tidings'): void {
  if (tool === 'hugo') rmSync(s.hugoOut, { recursive: true, force: true });
  if (tool === 'eleventy') rmSync(s.eleventyOut, { recursive: true, force: true });
  if (tool === 'tidings') {
    rmSync(s.tidingsOut, { recursive: true, force: true });
    rmSync(path.join(s.tidingsSite, '.tidings'), { recursive: true, force: true });
  }
}

/** The new post of "after one new post": the next in the corpus, 7 hours after the last. Returns its file. */
export async function addPost(s: Sites): Promise<string> {
  await generateBuildCorpus(path.join(s.corpus, 'posts'), 1, s.posts, s.posts);
  return path.join(s.corpus, 'posts', `post-${String(s.posts).padStart(5, '0')}.md`);
}

/** Files and megabytes under `dir`. */
export function outputSize(dir: string): { files: number; mb: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        bytes += statSync(p).size;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, mb: bytes / 2 ** 20 };
}

/** The commands as a reader reruns them, with the folders named. */
export const COMMANDS = [
  'Hugo: `hugo --quiet --source $SITE/hugo --contentDir $SITE/corpus --destination $SITE/hugo-out` (after `rm -rf $SITE/hugo-out`)',
  'Eleventy: `node bench/peers/node_modules/@11ty/eleventy/cmd.cjs --config=bench/peers/eleventy/eleventy.config.js --input=$SITE/eleventy --output=$SITE/eleventy-out --quiet` (after `rm -rf $SITE/eleventy-out`)',
  'tidings cold: `rm -rf .tidings out && node bin/tidings.js import $SITE/corpus/posts && node bin/tidings.js build` (in $SITE/tidings)',
  'tidings warm: the same two commands again, nothing changed',
  'tidings one new post: one more post file in $SITE/corpus/posts, then the same two commands',
  "tidings start-up floor: `node bin/tidings.js import --help` and `node bin/tidings.js build --help` (in $SITE/tidings): Node and the CLI, no command's work",
];
