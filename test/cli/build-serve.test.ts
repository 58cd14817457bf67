import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';

describe('tidings build and tidings serve on the demo content', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('builds the feeds and pages, and a second build changes no byte', async () => {
    site = await makeSite({ seeds: true });
    expect((await site.run('import')).code).toBe(0);
    const first = await site.run('build');
    expect(first.code, first.err).toBe(0);
    const out = path.join(site.dir, 'out');
    const feed = await readFile(path.join(out, 'feed.xml'), 'utf8');
    expect(feed).toContain('<title>Northamptonshire!</title>');
    for (const f of ['atom.xml', 'feed.json', 'index.html', 'themes/workforce/feed.xml']) {
      await expect(readFile(path.join(out, f))).resolves.toBeInstanceOf(Buffer);
    }
    const again = await site.run('build');
    expect(again.out).toMatch(/ 0 files written/);
    expect(await readFile(path.join(out, 'feed.xml'), 'utf8')).toBe(feed);
  });

  it('serves the feeds on 127.0.0.1 with ETag and 304, and stops cleanly on SIGTERM', async () => {
    site = await makeSite({ seeds: true });
    await site.run('import');
    await site.run('build');
    const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'serve', '--port', '0'], { cwd: site.dir });
    let stdout = '';
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stdout}`)));
    });
    try {
      const res = await fetch(`${base}feed.xml`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      const etag = res.headers.get('etag')!;
      expect(etag).toBeTruthy();
      const again = await fetch(`${base}feed.xml`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
