import { spawn } from 'node:child_process';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertWellFormed, parseXml } from '../feeds/read-feeds.js';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';
import { scheduleConfig } from '../schedule/site.js';

// 2025-W42 is Monday 13 to Sunday 19 October 2025; 2025-W43 the week after.
const POSTS = {
  judge: { file: 'content/posts/the-judge.md', title: 'The judge and the court', date: '2025-10-14T10:00:00+01:00', body: 'The judge told the court what the court would do.' },
  caseloads: { file: 'content/posts/caseloads.md', title: 'Caseloads rising', date: '2025-10-15T09:00:00+01:00', body: 'Caseloads are rising again across the county.' },
  hearing: { file: 'content/posts/hearing.md', title: 'A hearing in the court', date: '2025-10-16T18:30:00+01:00', body: 'A hearing before the judge, reported in full.' },
  quiet: { file: 'content/posts/quiet.md', title: 'A quiet week', date: '2025-10-22T09:00:00+01:00', body: 'Nothing much happened in the court this week.' },
} as const;
type Name = keyof typeof POSTS;

function markdown(name: Name, extra: string[] = []): string {
  const p = POSTS[name];
  return ['---', `title: "${p.title}"`, `date: ${p.date}`, ...extra, '---', p.body, ''].join('\n');
}

async function read(site: Site, rel: string): Promise<string> {
  return readFile(path.join(site.dir, 'out', rel), 'utf8');
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Every document a reader can meet a post in, as text. */
async function everywhere(site: Site): Promise<Record<string, string>> {
  const files = [
    'feed.xml', 'atom.xml', 'feed.json', 'index.html', 'themes/courts/feed.xml', 'themes/courts/atom.xml', 'themes/courts/index.html',
    'issues/index.html', 'issues/feed.xml', 'issues/2025-W42/index.html', 'issues/2025-W42/email.html', 'issues/2025-W42/email.txt',
  ];
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await read(site, f)] as const)));
}

async function ids(site: Site, flag?: string): Promise<Map<string, string>> {
  const r = await site.run('posts', '--json', ...(flag ? [flag] : []));
  expect(r.code, r.err).toBe(0);
  const listed = JSON.parse(r.out) as { id: string; title: string }[];
  return new Map(listed.map((p) => [p.title, p.id]));
}

/** `tidings serve --port 0` in a child process; returns its base URL and a stop function. */
async function serve(site: Site): Promise<{ base: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'serve', '--port', '0'], { cwd: site.dir, env: { PATH: process.env.PATH } });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stdout}`)));
  });
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('withdrawing a post: by deleting its file, by a draft flag, by command', () => {
  let site: Site;
  beforeEach(async () => {
    site = await makeSite({ config: scheduleConfig() });
    for (const name of Object.keys(POSTS) as Name[]) await site.write(POSTS[name].file, markdown(name));
    expect((await site.run('import')).code).toBe(0);
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
  });
  afterEach(() => site.cleanup());

  it('takes each out of every feed, page and roundup not sent, announces it in Atom, answers 410, and brings back what comes back', async () => {
    const before = await everywhere(site);
    for (const title of [POSTS.judge.title, POSTS.caseloads.title, POSTS.hearing.title]) {
      expect(before['feed.xml']).toContain(title);
      expect(before['issues/2025-W42/index.html']).toContain(title);
    }
    const id = await ids(site);
    const judgeId = id.get(POSTS.judge.title) ?? '';
    const caseloadsId = id.get(POSTS.caseloads.title) ?? '';
    const hearingId = id.get(POSTS.hearing.title) ?? '';
    const quietId = id.get(POSTS.quiet.title) ?? '';
    expect(await exists(path.join(site.dir, 'out/posts/2025/10/the-judge-and-the-court/index.html'))).toBe(true);

    // the judge's file is deleted, caseloads becomes a draft, the quiet week is withdrawn by command (by its address)
    await rm(path.join(site.dir, POSTS.judge.file));
    await site.write(POSTS.caseloads.file, markdown('caseloads', ['draft: true']));
    const imported = await site.run('import');
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('withdrawn 2');
    expect(imported.out).toContain(`withdrawn ${judgeId}: content/posts/the-judge.md was deleted`);
    expect(imported.out).toContain(`withdrawn ${caseloadsId}: content/posts/caseloads.md:1 marks it a draft`);
    const byCommand = await site.run('posts', 'withdraw', 'https://blog.example.org/posts/2025/10/a-quiet-week/', '--reason', 'legal complaint, ticket 41');
    expect(byCommand.code, byCommand.err).toBe(0);
    expect(byCommand.out).toContain(`withdrew ${quietId} ("A quiet week"): legal complaint, ticket 41`);

    const listed = await site.run('posts', '--withdrawn');
    expect(listed.out).toMatch(/withdrawn \S+ \(command\): legal complaint, ticket 41/);
    expect(listed.out).toMatch(/withdrawn \S+ \(file\): content\/posts\/the-judge\.md was deleted/);
    expect(listed.out).toContain('3 withdrawn post(s)');
    expect([...(await ids(site)).keys()]).toEqual([POSTS.hearing.title]);

    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    expect(built.out).toContain('1 posts (3 withdrawn)');
    const after = await everywhere(site);
    for (const [file, text] of Object.entries(after)) {
      for (const title of [POSTS.judge.title, POSTS.caseloads.title, POSTS.quiet.title]) expect(text, `${title} in ${file}`).not.toContain(title);
      if (file !== 'issues/index.html') expect(text, file).toContain(POSTS.hearing.title);
    }
    // RFC 6721 in Atom: a tombstone per withdrawn post (theme feeds: those of their themes), still valid Atom
    const atom = parseXml(after['atom.xml'] ?? '') as { feed: { entry: unknown[]; 'at:deleted-entry': { '@ref': string; '@when': string }[] } };
    expect(atom.feed.entry).toHaveLength(1);
    const tombstones = atom.feed['at:deleted-entry'];
    expect(tombstones.map((t) => t['@ref']).sort()).toEqual([judgeId, caseloadsId, quietId].map((i) => `tag:tidings,2024:post/${i}`).sort());
    for (const t of tombstones) expect(t['@when']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    // the feed changed when the last post went: its updated says so (and is not in the future)
    const updated = Date.parse((atom.feed as unknown as { updated: string }).updated);
    expect(updated).toBe(Math.max(...tombstones.map((t) => Date.parse(t['@when']))));
    expect(updated).toBeLessThanOrEqual(Date.now());
    expect(after['atom.xml']).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    expect(parseFeed(after['atom.xml'] ?? '').items.map((i) => i.title)).toEqual([POSTS.hearing.title]);
    expect(after['themes/courts/atom.xml']).toContain(`<at:deleted-entry ref="tag:tidings,2024:post/${judgeId}"`);
    expect(after['themes/courts/atom.xml']).not.toContain(caseloadsId);
    assertWellFormed(after['feed.xml'] ?? '');
    // their pages are gone, and so is the roundup of a week left with no post
    expect(await exists(path.join(site.dir, 'out/posts/2025/10/the-judge-and-the-court/index.html'))).toBe(false);
    expect(await exists(path.join(site.dir, 'out/issues/2025-W43'))).toBe(false);

    const server = await serve(site);
    try {
      const gone = await fetch(`${server.base}posts/2025/10/the-judge-and-the-court/`);
      expect(gone.status).toBe(410);
      expect(await gone.text()).toContain('This post has been withdrawn');
      expect((await fetch(`${server.base}posts/2025/10/a-quiet-week/index.html`)).status).toBe(410);
      expect((await fetch(`${server.base}posts/2025/10/caseloads-rising`, { redirect: 'follow' })).status).toBe(410);
      expect((await fetch(`${server.base}posts/2025/10/a-hearing-in-the-court/`)).status).toBe(200);
      expect((await fetch(`${server.base}posts/2025/10/never-was/`)).status).toBe(404);
      expect((await fetch(`${server.base}.gone.json`)).status).toBe(404);
    } finally {
      expect(await server.stop()).toBe(0);
    }

    // the file comes back and the draft flag goes: both back up, with their ids; a withdrawal by command holds until restored
    await site.write(POSTS.judge.file, markdown('judge'));
    await site.write(POSTS.caseloads.file, markdown('caseloads'));
    await site.write(POSTS.quiet.file, markdown('quiet', ['summary: edited after the complaint']));
    const back = await site.run('import');
    expect(back.out).toContain('restored 2');
    expect([...(await ids(site)).values()].sort()).toEqual([judgeId, caseloadsId, hearingId].sort());
    const restored = await site.run('posts', 'restore', quietId);
    expect(restored.code, restored.err).toBe(0);
    expect((await site.run('build')).code).toBe(0);
    const again = await everywhere(site);
    for (const title of [POSTS.judge.title, POSTS.caseloads.title, POSTS.hearing.title]) expect(again['feed.xml']).toContain(title);
    expect(again['feed.xml']).toContain(POSTS.quiet.title);
    expect(again['atom.xml']).not.toContain('deleted-entry');
    expect(await exists(path.join(site.dir, 'out/posts/2025/10/the-judge-and-the-court/index.html'))).toBe(true);
  });

  it('keeps a post that another file still holds or that moved to another file, and does not withdraw a post that only dropped out of a feed', async () => {
    // the same post in a second file: deleting one of the two files leaves it up
    await site.write('content/copies/hearing-copy.md', markdown('hearing'));
    // a feed holding one item, then a newer feed that no longer holds it
    const feed = (items: string[]) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Elsewhere</title><link>https://elsewhere.example.org/</link><description>d</description>${items.join('')}</channel></rss>`;
    const item = (guid: string, title: string, date: string) =>
      `<item><guid>${guid}</guid><title>${title}</title><link>https://elsewhere.example.org/${guid}</link><pubDate>${date}</pubDate><description>About ${title}, the whole story.</description></item>`;
    await site.write('content/feeds/elsewhere.xml', feed([item('one', 'Old news item', 'Tue, 14 Oct 2025 08:00:00 GMT')]));
    expect((await site.run('import')).out).toMatch(/merged 1/);
    await site.write('content/feeds/elsewhere.xml', feed([item('two', 'Newer news item', 'Thu, 16 Oct 2025 08:00:00 GMT')]));
    await rm(path.join(site.dir, 'content/copies/hearing-copy.md'));
    const r = await site.run('import');
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain('withdrawn');
    const titles = [...(await ids(site)).keys()];
    expect(titles).toContain(POSTS.hearing.title);
    expect(titles).toContain('Old news item');
    expect(titles).toContain('Newer news item');
    const hearing = JSON.parse((await site.run('posts', '--json')).out) as { title: string; sources: { file: string }[] }[];
    expect(hearing.find((p) => p.title === POSTS.hearing.title)?.sources.map((s) => s.file)).toEqual([POSTS.hearing.file]);

    // a file renamed (moved) is the same post, not a withdrawal
    const before = (await ids(site)).get(POSTS.judge.title);
    await rm(path.join(site.dir, POSTS.judge.file));
    await site.write('content/posts/2025/the-judge-renamed.md', markdown('judge'));
    const moved = await site.run('import');
    expect(moved.out).not.toContain('withdrawn');
    expect((await ids(site)).get(POSTS.judge.title)).toBe(before);
    const sources = JSON.parse((await site.run('posts', '--json')).out) as { id: string; sources: { file: string }[] }[];
    expect(sources.find((p) => p.id === before)?.sources.map((s) => s.file)).toEqual(['content/posts/2025/the-judge-renamed.md']);
  });

  it('leaves roundups already sent their record, and their web version says a post was withdrawn', async () => {
    expect((await site.run('subscribers', 'add', 'ann@example.org')).code).toBe(0);
    const sent = await site.run('send', '--issue', '2025-W42');
    expect(sent.code, sent.err).toBe(0);
    const id = await ids(site);
    expect((await site.run('posts', 'withdraw', id.get(POSTS.judge.title) ?? '', '--reason', 'a mistake')).code).toBe(0);
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    const page = await read(site, 'issues/2025-W42/index.html');
    expect(page).toContain('One post in this roundup as it was sent has since been withdrawn');
    expect(page).not.toContain(POSTS.judge.title);
    expect(page).toContain(POSTS.hearing.title);
    expect(page).toContain('Issue 1 ');
    expect(await read(site, 'issues/2025-W42/email.html')).not.toContain(POSTS.judge.title);
    const again = await site.run('send', '--issue', '2025-W42');
    expect(again.out + again.err).toMatch(/already|sent/);
    expect(await readdir(path.join(site.dir, 'out/outbox'))).toHaveLength(1);
  });

  it('says what to do for an id or address that names no post', async () => {
    const r = await site.run('posts', 'withdraw', 'no-such-post');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no post has the id or address "no-such-post"');
  });
});
