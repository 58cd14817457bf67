import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';

export const SECRET = 'schedule-test-secret-0123456789-abcdefghij';

/** A site for the scheduler: Europe/London, a secret, two themes, and the schedule given. */
export function scheduleConfig(schedule: { cron?: string; catchUpDays?: number; enabled?: boolean } = {}): string {
  const lines = [
    'site:',
    '  title: Schedule test',
    '  baseUrl: https://blog.example.org/',
    '  timeZone: Europe/London',
    'content:',
    '  paths: [content]',
    'email:',
    '  from: Roundup <roundup@blog.example.org>',
    '  postalAddress: 1 Example Street, London',
    'subscriptions:',
    `  secret: ${SECRET}`,
    'themes:',
    '  - slug: courts',
    '    name: Courts',
    '    keywords: [court, judge]',
    '  - slug: workforce',
    '    name: Workforce',
    '    keywords: [caseload, caseloads]',
    'schedule:',
    `  cron: "${schedule.cron ?? '0 8 * * 1'}"`,
    `  catchUpDays: ${schedule.catchUpDays ?? 7}`,
    `  enabled: ${schedule.enabled ?? true}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function scheduleSite(schedule: Parameters<typeof scheduleConfig>[0] = {}): Promise<Site> {
  const site = await makeSite({ config: scheduleConfig(schedule) });
  await site.write('content/posts/.keep', '');
  return site;
}

/** A Markdown post published at `date` (ISO with offset). */
export async function writePost(site: Site, slug: string, date: string, body: string): Promise<void> {
  const text = ['---', `title: "${slug.replace(/-/g, ' ')}"`, `date: ${date}`, '---', body, ''].join('\n');
  await site.write(`content/posts/${slug}.md`, text);
}

export interface Child {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  /** Resolves once stdout has a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** `tidings <args>` in a child process in the site's folder. */
export function tidings(site: Site, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), ...args], {
    cwd: site.dir,
    env: { PATH: process.env.PATH, ...env },
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = out.split('\n').find((l) => pattern.test(l));
          if (line === undefined) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(line);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no line matching ${pattern} in ${timeoutMs} ms:\n${out}\n${err}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => {
          check();
          if (waiters.has(check)) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`exited before a line matching ${pattern}:\n${out}\n${err}`));
          }
        });
        check();
      });
    },
  };
}

/** The JSON lines a command wrote. */
export function events(out: string): Record<string, unknown>[] {
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
