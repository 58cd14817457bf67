import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { previewSite } from '../preview/helpers.js';

/** Gmail clips an HTML part over about 102 KB; tidings keeps every roundup under this. */
const LIMIT = 100_000;
const POSTS = 120;
const THEMES = ['courts', 'workforce', 'funding'] as const;

const config = (smtpUrl: string) => `site:
  title: A busy week
  baseUrl: https://blog.example.org/
  timeZone: Europe/London
content:
  paths: [content]
email:
  from: Roundup <roundup@blog.example.org>
  postalAddress: 1 Example Street, London
smtp:
  url: ${smtpUrl}
subscriptions:
  secret: clipped-roundup-test-secret-0123456789-abcdef
themes:
  - slug: courts
    name: Courts
    keywords: [court, judge]
  - slug: workforce
    name: Workforce
    keywords: [caseload, caseloads]
  - slug: funding
    name: Funding
    keywords: [funding, budget]
`;

const KEYWORD: Record<(typeof THEMES)[number], string> = { courts: 'the court and the judge', workforce: 'caseloads and caseload', funding: 'funding and the budget' };

/** Post i: a unique title (so it can be counted), one of three themes, a body long enough for an excerpt. */
function post(i: number): { file: string; title: string; text: string } {
  const theme = THEMES[i % THEMES.length] ?? 'courts';
  const n = String(i).padStart(3, '0');
  const title = `Post ${n}: a long week of reporting on ${KEYWORD[theme]}, with notes from the region`;
  const day = 13 + (i % 7);
  const date = `2025-10-${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+01:00`;
  const body = `${`This is post ${n}, about ${KEYWORD[theme]}. `.repeat(40)}\n`;
  return { file: `content/posts/post-${n}.md`, title, text: `---\ntitle: "${title}"\ndate: ${date}\n---\n${body}` };
}

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** Each post is a card (its title twice: the heading and "Read more: …") or in the list (once), never both, never missing. */
function placesOf(html: string, titles: readonly string[]): { cards: number; listed: number } {
  let cards = 0;
  let listed = 0;
  for (const title of titles) {
    const n = occurrences(html, `>${escapeHtml(title)}</a>`) + occurrences(html, `>Read more: ${escapeHtml(title)}</a>`);
    expect(n, title).toBeGreaterThanOrEqual(1);
    expect(n, title).toBeLessThanOrEqual(2);
    if (n === 2) cards++;
    else listed++;
  }
  return { cards, listed };
}

describe('a roundup too large for Gmail is cut to fit, its footer kept', () => {
  let site: Site;
  let sink: SmtpSink;
  let built: { code: number; out: string; err: string };
  const titles: string[] = [];
  let moved = 0;

  beforeAll(async () => {
    sink = await startSmtpSink();
    site = await makeSite({ config: config(sink.url) });
    for (let i = 0; i < POSTS; i++) {
      const p = post(i);
      titles.push(p.title);
      await site.write(p.file, p.text);
    }
    const imported = await site.run('import');
    expect(imported.code, imported.err).toBe(0);
    built = await site.run('build');
    moved = Number(/(\d+) of them moved to the list/.exec(built.err)?.[1] ?? 0);
  }, 120_000);
  afterAll(async () => {
    await sink.close();
    await site.cleanup();
  });

  it('builds with exit 0 and a warning naming the issue and how many posts went to the list', () => {
    expect(built.code, built.err).toBe(0);
    expect(built.err).toMatch(
      new RegExp(`^warning: issue 2025-W42: ${POSTS} posts make a \\d+ kB email, over the 100 kB Gmail shows unclipped \\(\\d+ kB without excerpts\\); ${moved} of them moved to the list "${moved} more posts this week" at the end`, 'm'),
    );
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(POSTS);
  });

  it('writes an email.html under the limit, with the footer, each post a card or in the list exactly once', async () => {
    const html = await readFile(path.join(site.dir, 'out/issues/2025-W42/email.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(LIMIT);
    expect(placesOf(html, titles)).toEqual({ cards: POSTS - moved, listed: moved });
    expect(html).toContain(`${moved} more posts this week`);
    expect(html).toContain(`All ${POSTS} posts of this issue on the web`);
    const list = html.indexOf(`${moved} more posts this week`);
    for (const footer of ['Unsubscribe</a>', 'Choose your themes</a>', '1 Example Street, London']) expect(html.indexOf(footer), footer).toBeGreaterThan(list);
  });

  it('sends a message through a real SMTP server that is under the limit and has the list and the footer with working links', async () => {
    expect((await site.run('subscribers', 'add', 'ann@example.org')).code).toBe(0);
    const sent = await site.run('send', '--issue', '2025-W42');
    expect(sent.code, sent.err).toBe(0);
    const [message] = await sink.waitFor(1);
    const html = typeof message?.parsed.html === 'string' ? message.parsed.html : '';
    expect(Buffer.byteLength(html)).toBeLessThan(LIMIT);
    expect(placesOf(html, titles)).toEqual({ cards: POSTS - moved, listed: moved });
    expect(html).toMatch(/href="https:\/\/blog\.example\.org\/unsubscribe\?token=[A-Za-z0-9_-]{40,}"/);
    expect(html).toMatch(/href="https:\/\/blog\.example\.org\/preferences\?token=[A-Za-z0-9_-]{40,}"/);
    expect(html).toContain('href="https://blog.example.org/issues/2025-W42/"');
    expect(html).toContain('1 Example Street, London');
    // The text part lists them too.
    const text = message?.parsed.text ?? '';
    for (const title of titles) expect(text, title).toContain(title.slice(0, 30));
  });

  it('says so in the preview too, beside the email', async () => {
    const run = await previewSite(site);
    try {
      const page = await (await fetch(`${run.preview.url}roundups/2025-W42`)).text();
      expect(page).toContain(`${moved} of them moved to the list &quot;${moved} more posts this week&quot;`);
      expect(page).toContain(`${moved} posts listed by title under “${moved} more posts” to fit`);
    } finally {
      await run.preview.close();
    }
  });
});
