import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

/** A WebSub hub on a port of its own that can go down and come back on the same port. */
async function startHub(): Promise<{ url: string; urls: string[]; down: () => Promise<void>; up: () => Promise<void> }> {
  const urls: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      urls.push(new URLSearchParams(body).get('hub.url') ?? '');
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub`,
    urls,
    down: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    up: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
  };
}

const config = (hub: string): string => `
site:
  title: Corrections
  baseUrl: https://blog.example.org/
  timeZone: UTC
content:
  paths: [posts]
store:
  path: tidings.db
feeds:
  items: 5
  hub: ${hub}
email:
  from: Corrections <news@example.org>
  postalAddress: 1 Example Street
`;

const post = (n: number, body: string, updated?: string): string =>
  `---\ntitle: Post number ${n}\ndate: 2024-01-01T12:00:00Z\n${updated ? `updated: ${updated}\n` : ''}---\n${body}\n`;

describe('a correction reaches readers', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('of a post only on a complete archive page: the page changes, and the hub hears of it at the first build after it was down', async () => {
    const hub = await startHub();
    site = await makeSite({ config: config(hub.url) });
    // 106 posts, a day apart: the oldest 100 make archive page 1, the newest 6 stay in the current feed.
    for (let n = 0; n < 106; n++) {
      const date = new Date(Date.UTC(2024, 0, 1 + n, 12)).toISOString();
      await site.write(`posts/post-${String(n).padStart(3, '0')}.md`, post(n, `The first version of post ${n}.`).replace('2024-01-01T12:00:00Z', date));
    }
    expect((await site.run('import')).code).toBe(0);
    const first = await site.run('build');
    expect(first.code, first.err).toBe(0);
    const archive = 'https://blog.example.org/archive/atom-1.xml';
    const archiveFile = path.join(site.dir, 'out', new URL(archive).pathname);
    expect(await readFile(archiveFile, 'utf8')).toContain('The first version of post 0.');
    expect(hub.urls).toContain(archive);

    await site.write('posts/post-000.md', post(0, 'The corrected version of post 0.', '2024-06-01T09:00:00Z'));
    expect((await site.run('import')).out).toMatch(/updated 1/);
    await hub.down();
    hub.urls.length = 0;
    const whileDown = await site.run('build');
    expect(whileDown.code, whileDown.err).toBe(0);
    const atom = await readFile(archiveFile, 'utf8');
    expect(atom).toContain('The corrected version of post 0.');
    expect(atom).toContain('<updated>2024-06-01T09:00:00Z</updated>');
    expect(whileDown.out).toMatch(/archive pages changed/);
    // Every other document holding the post has the correction too: its page, and its roundup's web version and email.
    const out = path.join(site.dir, 'out');
    for (const file of ['posts/2024/01/post-number-0/index.html', 'issues/2024-W01/index.html', 'issues/2024-W01/email.html', 'issues/2024-W01/email.txt']) {
      expect(await readFile(path.join(out, file), 'utf8'), file).toContain('The corrected version of post 0.');
    }
    expect(whileDown.out).toMatch(/0 document\(s\) notified, \d+ failed \(kept in the store/);
    // Each failure once: one warning for the one cause, not one per document, and not repeated by the CLI.
    expect(whileDown.err.split('\n').filter((l) => l.includes('WebSub'))).toHaveLength(1);

    await hub.up();
    const afterUp = await site.run('build');
    expect(afterUp.code, afterUp.err).toBe(0);
    expect(afterUp.out).toMatch(/ 0 files written/);
    expect(hub.urls).toEqual(expect.arrayContaining([archive, archive.replace('atom-1.xml', 'feed-1.xml'), archive.replace('atom-1.xml', 'feed-1.json')]));
    expect(afterUp.err).not.toMatch(/WebSub/);

    // Taken: the next build has nothing to tell the hub.
    hub.urls.length = 0;
    expect((await site.run('build')).out).not.toMatch(/WebSub/);
    expect(hub.urls).toEqual([]);
    await hub.down();
  });
});
