import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unexpected } from '../../src/cli/main.js';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';

const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the real CLI in a child process through `sh -c "tidings ... | head -c 1"`: its exit code and stderr. */
function pipedIntoHead(site: Site, args: string): Promise<{ code: number | null; err: string }> {
  const tidings = [process.execPath, ...tsxArgs(path.join(REPO, 'src/cli/run.ts'))].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    // `exit $((...))` hands back tidings' own exit code (the first of the pipe).
    const child = spawn('bash', ['-c', `set -o pipefail; ${tidings} ${args} 2>err.txt | head -c 1 >/dev/null; echo $? > code.txt`], { cwd: site.dir });
    child.on('error', reject);
    child.on('exit', () => {
      resolve({ code: Number(readFileSync(path.join(site.dir, 'code.txt'), 'utf8')), err: readFileSync(path.join(site.dir, 'err.txt'), 'utf8') });
    });
  });
}

describe('the command line never shows a user a stack trace', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('prints its version with --version and -V', async () => {
    site = await makeSite();
    for (const flag of ['--version', '-V']) {
      const r = await site.run(flag);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(VERSION);
    }
  });

  it('ends quietly when the reader of its output goes away (tidings posts | head)', async () => {
    site = await makeSite();
    // Enough posts that the listing outgrows a pipe's buffer (64 KiB) and is still being written when head exits.
    for (let i = 0; i < 1500; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      await site.write(`content/posts/post-${i}.md`, `---\ntitle: Post number ${i} with a long title to fill the listing\ndate: 2019-03-${day}\n---\nBody ${i}.\n`);
    }
    expect((await site.run('import', 'content/posts')).code).toBe(0);
    const r = await pipedIntoHead(site, 'posts');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('names an output folder that cannot be made, and why, with exit 2', async () => {
    site = await makeSite();
    await site.write('a-file', 'not a folder');
    const r = await site.run('build', '--out', 'a-file/out');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot create the folder ${path.join(site.dir, 'a-file', 'out')}`);
    expect(r.err).toContain('is a file, not a folder');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('returns at once for a folder the file system refuses (Node 20 recursive mkdir spins on /proc)', async () => {
    site = await makeSite();
    const r = await site.run('build', '--out', '/proc/tidings-out');
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot create the folder /proc/tidings-out');
  });

  it('puts a file-system failure nobody caught in words, with no stack', () => {
    const error = Object.assign(new Error("ENOSPC: no space left on device, write '/srv/out/feed.xml'"), { code: 'ENOSPC', syscall: 'write', path: '/srv/out/feed.xml' });
    expect(unexpected(error, false)).toBe('cannot write /srv/out/feed.xml: ENOSPC: the disk is full');
    expect(unexpected(new TypeError('x is undefined'), false)).toMatch(/^unexpected failure: x is undefined \(run again with TIDINGS_DEBUG=1/);
    expect(unexpected(new TypeError('x is undefined'), true)).toContain('TypeError: x is undefined\n    at ');
  });
});
