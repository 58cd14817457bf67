import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';

/**
 * What a command loads is what it costs to start (docs/architecture.md,
 * "Loading only what a command runs"): these run the real CLI in a child
 * process and list the packages it loaded (record-packages.mjs).
 */

const RECORDER = path.join(REPO, 'test/cli/record-packages.mjs');
/** What running from source adds (tsx and its parts), not tidings' own. */
const RUNNER = /^(tsx|esbuild|@esbuild\/.*|get-tsconfig|resolve-pkg-maps)$/;

interface Loaded {
  code: number | null;
  out: string;
  packages: Set<string>;
  /** "package path-inside-it" of every file loaded. */
  files: string[];
}

function tidings(site: Site, ...args: string[]): Promise<Loaded> {
  const record = path.join(site.dir, `packages-${Math.random().toString(36).slice(2)}.txt`);
  const [, tsx = '', script = ''] = tsxArgs(path.join(REPO, 'src/cli/run.ts'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, '--import', RECORDER, script, ...args], {
      cwd: site.dir,
      env: { PATH: process.env.PATH, TIDINGS_RECORD_PACKAGES: record },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      readFile(record, 'utf8').then((text) => {
        const files = text.split('\n').filter((line) => line !== '' && !RUNNER.test(line.split(' ')[0] ?? ''));
        resolve({ code, out, files, packages: new Set(files.map((line) => line.split(' ')[0] ?? '')) });
      }, reject);
    });
  });
}

/**
 * pg, pg-boss, MJML and nodemailer: what importing, and building with
 * nothing to render, never need. Not counted: nodemailer's address parser
 * (one file, no transport: subscribers/mailbox.ts) and its package.json
 * (the render engine's version, digest/render/engine.ts).
 */
function heavy(loaded: Loaded): string[] {
  const names = [...loaded.packages].filter((p) => p === 'pg' || p === 'pg-boss' || p === 'mjml' || p.startsWith('mjml-'));
  const mailer = loaded.files.filter((f) => f.startsWith('nodemailer ') && !/^nodemailer (dist\/(esm|cjs)\/addressparser\/|package\.json$)/.test(f));
  return [...names, ...mailer].sort();
}

describe('a command loads only what it runs', () => {
  let site: Site;
  beforeAll(async () => {
    site = await makeSite({ seeds: true });
  });
  afterAll(() => site.cleanup());

  // Not yet: serve, subscribers, schedule, start, status and inbound (docs/architecture.md); posts loads luxon too.
  const SPLIT = ['init', 'new', 'import', 'build', 'plan', 'send', 'worker', 'deliveries', 'stats', 'preview', 'migrate'];

  it('--help of a command and --version load no package but the command-line parser', async () => {
    for (const args of [...SPLIT.map((command) => [command, '--help']), ['--version']]) {
      const loaded = await tidings(site, ...args);
      expect(loaded.code, args.join(' ')).toBe(0);
      expect([...loaded.packages], args.join(' ')).toEqual(['commander']);
    }
  });

  it('import loads no PostgreSQL client, job queue, MJML or mailer; a second import with nothing changed no source adapter or normaliser either', async () => {
    const first = await tidings(site, 'import');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/5 file\(s\) read/);
    expect(heavy(first)).toEqual([]);
    expect(first.packages).toContain('markdown-it');
    // Each adapter is loaded for the first file of its format (sources/index.ts): text exports need no XML or feed parser.
    for (const parser of ['fast-xml-parser', '@rowanmanning/feed-parser']) expect(first.packages, parser).not.toContain(parser);

    const again = await tidings(site, 'import');
    expect(again.out).toMatch(/0 file\(s\) read, 5 unchanged file\(s\) skipped/);
    expect(heavy(again)).toEqual([]);
    for (const adapterOrNormaliser of ['markdown-it', 'sanitize-html', 'html-to-text', '@rowanmanning/feed-parser', 'fast-xml-parser']) {
      expect(again.packages, adapterOrNormaliser).not.toContain(adapterOrNormaliser);
    }
    // The config validated by the first is kept (app/config-cache.ts): neither the YAML parser nor the schema again.
    for (const validator of ['yaml', 'zod']) expect(again.packages, validator).not.toContain(validator);
    // Periods are worked out for new posts only (import/run-import.ts): no date library either.
    expect(again.packages).not.toContain('luxon');
    // Run without a terminal, it draws no progress bar, and loads none (cli/progress.ts).
    expect(again.packages).not.toContain('cli-progress');
  });

  it('build loads no PostgreSQL client or job queue; a second build, with nothing changed, nothing that renders', async () => {
    const first = await tidings(site, 'build');
    expect(first.code).toBe(0);
    // The first build renders the roundups and composes their message.eml: MJML and nodemailer at work.
    expect(heavy(first).filter((p) => p === 'pg' || p === 'pg-boss')).toEqual([]);
    expect(first.packages).toContain('handlebars');
    const again = await tidings(site, 'build');
    expect(again.out).toMatch(/ 0 files written, .*; nothing it reads has changed since the last build/);
    // Said from the store's version, the templates' text and the files' sizes and mtimes (cli/build-action.ts): nothing compiled or rendered.
    expect(heavy(again)).toEqual([]);
    for (const renderer of ['handlebars', 'sanitize-html', 'html-to-text', 'markdown-it', 'yaml', 'zod']) expect(again.packages, renderer).not.toContain(renderer);

    // A new post in a week of its own: its roundup is joined from the fragments the first build learned and kept (build/stencil-file.ts), without MJML.
    const seed = await readFile(path.join(site.dir, 'content/imports/000_b2b273fd7784fcdb.txt'), 'utf8');
    await writeFile(path.join(site.dir, 'content/imports/005_new.txt'), seed.replace(/^Wednesday, 31 July 2019\n\n[^\n]+/, 'Wednesday, 14 August 2019\n\nA new post, a week later'));
    expect((await tidings(site, 'import')).out).toMatch(/new 1,/);
    const newPost = await tidings(site, 'build');
    expect(newPost.code).toBe(0);
    expect(newPost.out).toMatch(/\d+ posts, \d+ roundups: [1-9]\d* files written/);
    // Its package.json only, for the render engine's version (digest/render/engine.ts).
    expect(newPost.files.filter((f) => /^mjml(-[\w-]+)? /.test(f) && f !== 'mjml package.json')).toEqual([]);
  });
});
