import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mtimes } from '../build/helpers.js';
import { makeSite, type Site } from '../helpers/site.js';

/** The files whose mtime or presence changed between two listings. */
function changed(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string[] {
  return [...after].filter(([file, mtime]) => before.get(file) !== mtime).map(([file]) => file).sort();
}

const post = (title: string, date: string, body: string): string => `---\ntitle: ${title}\ndate: ${date}\n---\n${body}\n`;

describe('a build after one new post writes only the files whose bytes differ', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('the feeds, the pages and the one roundup it is in, also for a back-dated post in a week of its own', async () => {
    site = await makeSite({ seeds: true });
    expect((await site.run('import')).code).toBe(0);
    const first = await site.run('build');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/31 posts, 15 roundups: 142 files written, 0 unchanged/);
    const out = path.join(site.dir, 'out');
    const issueLine = async (id: string) => /Issue (\d+) ·/.exec(await readFile(path.join(out, 'issues', id, 'index.html'), 'utf8'))?.[1];
    expect(await issueLine('2018-W29')).toBe('9');

    // A post in a week that has a roundup already (2019-W32 is new: the last demo post is 31 July).
    await site.write('content/posts/caseloads.md', post('Caseloads again', '2019-07-30', 'Social workers and their caseloads again; sickness absence is up.'));
    expect((await site.run('import')).code).toBe(0);
    let before = await mtimes(out);
    const second = await site.run('build');
    expect(second.code, second.err).toBe(0);
    const inWeek = changed(before, await mtimes(out));
    expect(inWeek.filter((f) => /^issues\/[^/]+\/(email|message)/.test(f))).toEqual(['2019-W31/email.html', '2019-W31/email.mjml', '2019-W31/email.txt', '2019-W31/message.eml'].map((f) => `issues/${f}`));
    expect(inWeek).toEqual(expect.arrayContaining(['feed.xml', 'atom.xml', 'feed.json', 'index.html', 'themes/workforce/feed.xml', 'issues/2019-W31/index.html', 'posts/2019/07/caseloads-again/index.html']));
    expect(inWeek.filter((f) => f.startsWith('themes/') && !f.startsWith('themes/workforce/'))).toEqual([]);
    // Every other file unchanged (one of those written, the post's page, is new).
    expect(second.out).toMatch(new RegExp(`: ${inWeek.length} files written, ${before.size + 1 - inWeek.length} unchanged`));

    // A back-dated post in a week without posts: a new roundup, and no later one renumbered or rewritten.
    await site.write('content/posts/funding.md', post('Funding in 2016', '2016-03-02', 'Funding cuts and outsourcing, and the resources services need.'));
    expect((await site.run('import')).code).toBe(0);
    before = await mtimes(out);
    const third = await site.run('build');
    expect(third.code, third.err).toBe(0);
    const backDated = changed(before, await mtimes(out));
    expect(backDated.filter((f) => /^issues\/[^/]+\/(email|message)/.test(f))).toEqual(['email.html', 'email.mjml', 'email.txt', 'message.eml'].map((f) => `issues/2016-W09/${f}`));
    // The web versions either side link to it; no other roundup page changes.
    expect(backDated.filter((f) => /^issues\/[^/]+\/index\.html$/.test(f))).toEqual(['issues/2014-W35/index.html', 'issues/2016-W09/index.html', 'issues/2018-W29/index.html']);
    expect(await issueLine('2018-W29')).toBe('9');
    expect(await issueLine('2016-W09')).toBe('16');
    expect(third.out).toMatch(/33 posts, 16 roundups/);
  });
});

describe('a build removes the files it made before and makes no more', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('the old page of a post whose address moved goes (and its empty folders); files tidings did not make stay', async () => {
    site = await makeSite({ seeds: true });
    await site.write('content/posts/moving.md', post('A title at first', '2019-07-30', 'Social workers and their caseloads again; sickness absence is up.'));
    expect((await site.run('import')).code).toBe(0);
    expect((await site.run('build')).code).toBe(0);
    const out = path.join(site.dir, 'out');
    const old = path.join(out, 'posts/2019/07/a-title-at-first/index.html');
    await expect(readFile(old, 'utf8')).resolves.toContain('A title at first');
    await site.write('out/robots.txt', 'User-agent: *\n');
    await site.write('out/outbox/2019-W31/x.eml', 'kept\n');

    await site.write('content/posts/moving.md', post('A better title', '2019-07-30', 'Social workers and their caseloads again; sickness absence is up.'));
    expect((await site.run('import')).code).toBe(0);
    const moved = await site.run('build');
    expect(moved.code, moved.err).toBe(0);
    expect(moved.out).toMatch(/, 1 removed \(no longer made\)/);
    await expect(readFile(path.join(out, 'posts/2019/07/a-better-title/index.html'), 'utf8')).resolves.toContain('A better title');
    await expect(readFile(old)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(path.dirname(old))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(path.join(out, 'posts/2019/07/compliance-and-cover-up/index.html'), 'utf8')).resolves.toContain('Compliance');
    expect(await readFile(path.join(out, 'robots.txt'), 'utf8')).toBe('User-agent: *\n');
    expect(await readFile(path.join(out, 'outbox/2019-W31/x.eml'), 'utf8')).toBe('kept\n');
    expect((await site.run('build')).out).not.toMatch(/removed/);
  });
});
