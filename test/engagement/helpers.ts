import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../../src/app.js';
import { openApp } from '../../src/app.js';
import type { Issue } from '../../src/digest/index.js';
import { planIssues } from '../../src/digest/index.js';
import { defaultImportDeps } from '../../src/import/default-deps.js';
import { runImport } from '../../src/import/run-import.js';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';

export const SECRET = 'clicks-test-secret-0123456789-abcdefghijkl';
export const BASE = 'https://blog.example.org/';

/**
 * The demo blog in a throwaway site that sends through `smtpUrl` with
 * `engagement` as given (a YAML block's lines, '' for the defaults), and
 * the issue with the most sections.
 */
export async function engagementSite(smtpUrl: string, engagement: string): Promise<{ site: Site; app: App; issue: Issue; close: () => Promise<void> }> {
  const demo = await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8');
  const config = `${demo.replace(/^ {2}baseUrl: .*$/m, `  baseUrl: ${BASE}`)}
smtp:
  url: ${smtpUrl}
subscriptions:
  secret: ${SECRET}
${engagement === '' ? '' : `engagement:\n${engagement}\n`}`;
  const site = await makeSite({ seeds: true, config });
  const app = await openApp({ cwd: site.dir, env: {} });
  await runImport(['content/imports'], defaultImportDeps(app, site.dir));
  const { issues } = planIssues(await app.store.listPosts(), app.config);
  const issue = [...issues].sort((a, b) => b.sections.length - a.sections.length || b.postCount - a.postCount)[0] as Issue;
  return {
    site,
    app,
    issue,
    close: async () => {
      await app.close();
      await site.cleanup();
    },
  };
}

export interface Served {
  child: ChildProcessWithoutNullStreams;
  /** The server's own address, once it listens. */
  base: string;
  output(): { out: string; err: string };
  stop(): Promise<number | null>;
}

/** `tidings serve --port 0` in a child process, as an operator runs it. */
export async function serve(site: Site): Promise<Served> {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'serve', '--port', '0'], { cwd: site.dir, env: { PATH: process.env.PATH } });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}${err}`)));
  });
  return {
    child,
    base,
    output: () => ({ out, err }),
    stop: () => {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The click links (or any links below `prefix`) in a message part, in order. */
export function linksIn(part: string, prefix: string): string[] {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...part.matchAll(new RegExp(`${escaped}[^\\s"'<>\\])]+`, 'g'))].map((m) => m[0].replace(/&amp;/g, '&'));
}

/** Follows `link` (an address below BASE) on the server at `base`, without following its redirect. */
export function click(base: string, link: string, method = 'GET'): Promise<Response> {
  const url = new URL(link);
  return fetch(new URL(`${url.pathname}${url.search}`, base), { method, redirect: 'manual' });
}
