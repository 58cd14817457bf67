import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { REPO, tsxArgs, type Site } from '../helpers/site.js';
import { demoSendSite } from '../send/demo.js';

export const SECRET = 'clicks-test-secret-0123456789-abcdefghijkl';
export const BASE = 'https://blog.example.org/';

/**
 * The demo blog in a throwaway site that sends through `smtpUrl` with
 * `engagement` as given (a YAML block's lines, '' for the defaults), and
 * the issue with the most sections.
 */
export async function engagementSite(smtpUrl: string, engagement: string): Promise<Awaited<ReturnType<typeof demoSendSite>>> {
  return demoSendSite(smtpUrl, 5, undefined, engagement === '' ? '' : `engagement:\n${engagement}\n`);
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
