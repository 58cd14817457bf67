/**
 * Feeds as real readers take them (issue 15, item 5): through the CLI, into
 * the real store. The feeds are written here, in the shapes real feeds have.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

interface Listed {
  title: string;
  published: string;
  sources: { file: string }[];
}

async function listPosts(site: Site): Promise<Listed[]> {
  const r = await site.run('posts', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Listed[];
}

/** RSS 1.0 items of one day with titles only: the same date and no opening words, so one fingerprint. */
function rdf(items: string[]): string {
  return `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://links.example.org/"><title>Links</title><link>https://links.example.org/</link><description>d</description></channel>
${items.map((name) => `<item rdf:about="https://links.example.org/${name}"><title>${name}</title><link>https://links.example.org/${name}</link><dc:date>2018-03-04</dc:date></item>`).join('\n')}
</rdf:RDF>
`;
}

describe('importing real-world feeds', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('keeps five RSS 1.0 items with their own ids as five posts, now and on a later import', async () => {
    site = await makeSite();
    // .rdf, what RSS 1.0 feeds are often saved as, is read when a folder is imported
    await site.write('feeds/links.rdf', rdf(['heron', 'kestrel', 'curlew', 'lapwing', 'dunlin']));
    const first = await site.run('import', 'feeds');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/new 5, updated 0, merged 0, unchanged 0, rejected 0/);
    expect((await listPosts(site)).map((p) => p.title).sort()).toEqual(['curlew', 'dunlin', 'heron', 'kestrel', 'lapwing']);

    // Another feed with another item of that day and fingerprint: a sixth post, not merged into a stored one.
    await site.write('feeds/more.rdf', rdf(['godwit']));
    const second = await site.run('import', 'feeds');
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/new 1, updated 0, merged 0/);
    expect(await listPosts(site)).toHaveLength(6);
  });

  it('reads dates without seconds or offset in the site zone, with one note for the file', async () => {
    site = await makeSite(); // site.timeZone Europe/London
    const items = Array.from(
      { length: 12 },
      (_, i) =>
        `<item><guid>https://d.example.org/${i}</guid><title>Day ${i + 1}</title><description>Note ${i + 1} of July.</description><pubDate>2018-07-${String(i + 1).padStart(2, '0')}T08:00</pubDate></item>`,
    );
    await site.write('local.xml', `<rss version="2.0"><channel><title>t</title><link>https://d.example.org/</link>\n${items.join('\n')}\n</channel></rss>\n`);
    const r = await site.run('import', 'local.xml');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/new 12, updated 0, merged 0, unchanged 0, rejected 0/);
    const notes = r.err.split('\n').filter((line) => line.includes('without an offset'));
    expect(notes).toEqual([expect.stringMatching(/^local\.xml:2: info: 12 items have a date without an offset/)]);
    const posts = await listPosts(site);
    // 08:00 in London in July is 07:00 UTC
    expect(posts.find((p) => p.title === 'Day 1')?.published).toBe('2018-07-01T07:00:00Z');
  });

  it('counts twelve items skipped for one bad date as twelve rejected, in one error line', async () => {
    site = await makeSite();
    const items = Array.from({ length: 12 }, (_, i) => `<item><guid>b${i}</guid><title>B${i}</title><pubDate>next week</pubDate></item>`);
    await site.write('bad.xml', `<rss version="2.0"><channel><title>t</title>\n${items.join('\n')}\n</channel></rss>\n`);
    const r = await site.run('import', 'bad.xml');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/rejected 12/);
    expect(r.err.split('\n').filter((line) => line.includes('error:'))).toEqual([
      expect.stringMatching(/^bad\.xml:2: error: 12 items have an invalid date \(the first: "next week"\) and are skipped/),
    ]);
  });

  it('recognises a JSON Feed by parsing it, when its version comes after a long list of items', async () => {
    site = await makeSite();
    const items = Array.from({ length: 20 }, (_, i) => ({
      id: `https://j.example.org/${i}`,
      title: `Entry ${i}`,
      content_text: `Entry number ${i}. ${'A long paragraph of text. '.repeat(20)}`,
      date_published: `2020-05-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
    }));
    const feed = `{"items": ${JSON.stringify(items, null, 2)}, "title": "J", "version": "https://jsonfeed.org/version/1.1"}\n`;
    expect(feed.indexOf('"version"')).toBeGreaterThan(4096);
    await site.write('feed.json', feed);
    const r = await site.run('import', 'feed.json');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/new 20, updated 0, merged 0/);
  });
});
