import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';
import { scheduleConfig } from '../schedule/site.js';

const post = (title: string, lines: string[]) => ['---', `title: "${title}"`, ...lines, '---', `${title}: the whole story.`, ''].join('\n');

describe('tidings build with posts dated in the future', () => {
  let site: Site;
  beforeEach(async () => {
    site = await makeSite({ config: scheduleConfig() });
    await site.write('content/posts/now.md', post('Written and out', ['date: 2025-10-14T10:00:00+01:00']));
    await site.write('content/posts/later.md', post('Written ahead', ['date: 2099-01-05T09:00:00Z']));
    await site.write('content/posts/claims.md', post('Claims a future edit', ['date: 2025-10-15T10:00:00+01:00', 'updated: 2099-02-01T00:00:00Z']));
    await site.write('content/posts/hugo.md', post('Hugo publishDate', ['date: 2025-10-12', 'publishDate: 2099-03-01T08:00:00Z']));
    await site.write('content/posts/gone.md', post('Expired offer', ['date: 2025-10-13T10:00:00+01:00', 'expiryDate: 2025-11-01']));
    expect((await site.run('import')).code).toBe(0);
  });
  afterEach(() => site.cleanup());

  it('leaves it out of every feed, page and roundup, dates no feed in the future, lists it in status, and shows it with --future', async () => {
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    expect(built.out).toContain('2 posts (2 scheduled left out until their date)');
    const read = (rel: string) => readFile(path.join(site.dir, 'out', rel), 'utf8');
    for (const file of ['feed.xml', 'atom.xml', 'feed.json', 'index.html', 'issues/feed.xml', 'issues/atom.xml', 'issues/index.html']) {
      const text = await read(file);
      expect(text, file).not.toContain('Written ahead');
      expect(text, file).not.toContain('Expired offer');
      expect(text, file).not.toContain('Hugo publishDate');
      expect(text, file).not.toMatch(/2099/);
    }
    expect(await read('feed.xml')).toContain('Claims a future edit');
    expect(await read('atom.xml')).toContain('Written and out');

    const status = await site.run('status');
    expect(status.code, status.err).toBe(0);
    expect(status.out).toMatch(/scheduled posts \(out of feeds, pages and roundups until their date\):\n {2}.*\(2099-01-05T09:00:00Z\) {2}\S+ {2}Written ahead/);
    const listed = await site.run('posts');
    expect(listed.out).toContain('Written ahead  [scheduled]');
    expect(listed.out).toContain('Expired offer  [expired]');
    expect(listed.out).toMatch(/2099-03-01 {2}Hugo publishDate {2}\[scheduled\]/);

    const look = await site.run('build', '--future');
    expect(look.out).toContain('4 posts (2 scheduled included (--future))');
    expect(await read('feed.xml')).toContain('Written ahead');
    const back = await site.run('build');
    expect(back.out).toContain('2 posts (2 scheduled left out until their date)');
    expect(await read('feed.xml')).not.toContain('Written ahead');
  });
});
