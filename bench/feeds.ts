/**
 * Feed benchmark: the feed step of `tidings build` for 10,000 generated
 * posts across every theme (the blog feed, one feed per theme, all their
 * archive pages, in RSS, Atom and JSON Feed), next to a naive baseline in
 * the same run: the `feed` package alone, one document per feed and format
 * holding every item. Each case runs in its own process so that peak memory
 * is its own. Both cases end with the UTF-8 bytes of every file (tidings:
 * the pieces the writer hands to writev; naive: one buffer per file);
 * nothing is written (the writer is I/O).
 * Run: node --import tsx bench/feeds.ts [N]
 */
import { execFileSync } from 'node:child_process';
import { Feed } from 'feed';
import type { Config } from '../src/config/schema.js';
import { configSchema } from '../src/config/schema.js';
import { blogFeeds, renderFeedPieces } from '../src/feeds/index.js';
import type { Post } from '../src/model/post.js';

const THEMES = ['blame-and-culture', 'ofsted-and-inspection', 'workforce', 'serious-case-reviews', 'privatisation-and-funding', 'ministers-and-policy', 'practice-and-research'];
const WORDS = (
  'the council social workers children services Ofsted inspection caseloads sickness absence blame culture ' +
  'serious case review death minister government policy privatisation funding cuts research practice trust ' +
  'assessment report found that and of in to a is was were have been with for on by not but which this it'
).split(' ');

function config(): Config {
  return configSchema.parse({
    site: { title: 'Bench blog', description: 'Generated posts', baseUrl: 'https://blog.example.org/', author: 'A. Writer', timeZone: 'Europe/London' },
    themes: THEMES.map((slug) => ({ slug, name: slug.replace(/-/g, ' '), description: `Posts about ${slug}` })),
    feeds: { items: 50, hub: 'https://hub.example.net/' },
  });
}

/** N posts with about 2.5 KB of HTML each, one or two themes each, deterministic. */
function posts(n: number): Post[] {
  let seed = 42;
  const r = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const sentence = (): string => Array.from({ length: 10 + Math.floor(r() * 12) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  return Array.from({ length: n }, (_, i) => {
    const published = new Date(Date.UTC(2000, 0, 1) + i * 43_200_000).toISOString();
    const paragraphs = Array.from({ length: 6 }, (_, k) =>
      k === 2
        ? `<p>“${sentence()}”, said the <a href="https://example.org/report/${i}?ref=a&amp;b=${k}">report</a>. ${sentence()}.</p>`
        : `<p>${sentence()}. ${sentence()}. ${sentence()}. ${sentence()}.</p>`,
    );
    const text = paragraphs.join(' ').replace(/<[^>]+>/g, '');
    const slug = `post-${i}`;
    return {
      id: `bench-${i}`,
      slug,
      url: `https://blog.example.org/posts/${published.slice(0, 4)}/${published.slice(5, 7)}/${slug}/`,
      title: `Post ${i}: ${sentence().slice(0, 60)}`,
      titleDerived: false,
      published,
      updated: published,
      sequence: 0,
      author: 'A. Writer',
      html: paragraphs.join('\n'),
      text,
      summary: text.slice(0, 280),
      wordCount: Math.round(text.length / 6),
      readingMinutes: 2,
      themes: r() < 0.4 ? [THEMES[i % 7] ?? 'workforce', THEMES[(i + 3) % 7] ?? 'workforce'] : [THEMES[i % 7] ?? 'workforce'],
      tags: [],
      sources: [{ file: 'bench.txt', format: 'text-export', line: i, slot: String(i), hash: String(i) }],
      fingerprint: `${published.slice(0, 10)} ${i}`,
    };
  });
}

interface Result {
  files: number;
  items: number;
  bytes: number;
}

/** The feed step as `tidings build` runs it: model, paging, every document in every format. */
function tidings(all: readonly Post[], cfg: Config): Result {
  const feeds = blogFeeds(all, cfg);
  let files = 0;
  let bytes = 0;
  let items = 0;
  for (const doc of feeds.documents) {
    for (const format of ['rss', 'atom', 'json'] as const) {
      for (const piece of renderFeedPieces(doc, format)) bytes += piece.length;
      files++;
      items += doc.entries.length;
    }
  }
  return { files, items, bytes };
}

/** Naive baseline: `feed` alone, one document per feed and format with every item (no archive, no reuse). */
function naive(all: readonly Post[], cfg: Config): Result {
  const channels: [string, Post[]][] = [['', [...all]], ...THEMES.map((slug): [string, Post[]] => [slug, all.filter((p) => p.themes.includes(slug))])];
  let files = 0;
  let bytes = 0;
  let items = 0;
  for (const [slug, list] of channels) {
    const base = `${cfg.site.baseUrl}${slug ? `themes/${slug}/` : ''}`;
    const feed = new Feed({
      id: base,
      title: cfg.site.title,
      description: cfg.site.description,
      link: base,
      language: cfg.site.language,
      updated: new Date(list[list.length - 1]?.updated ?? 0),
      feedLinks: { rss: `${base}feed.xml`, atom: `${base}atom.xml`, json: `${base}feed.json` },
      hub: cfg.feeds.hub,
      copyright: '',
    });
    for (const p of [...list].reverse()) {
      feed.addItem({
        title: p.title,
        id: `tag:tidings,2024:post/${p.id}`,
        link: p.url,
        date: new Date(p.updated),
        published: new Date(p.published),
        description: p.summary,
        content: p.html,
        author: [{ name: p.author }],
        category: p.themes.map((name) => ({ name })),
      });
    }
    // Encoded as the writer would, so that both cases end with the bytes of every file.
    for (const text of [feed.rss2(), feed.atom1(), feed.json1()]) {
      bytes += Buffer.from(text, 'utf8').length;
      files++;
      items += list.length;
    }
  }
  return { files, items, bytes };
}

const CASES = { tidings, naive } as const;
type CaseName = keyof typeof CASES;

interface Row extends Result {
  coldMs: number;
  warmMs: number;
  baseRssMb: number;
  peakRssMb: number;
}

/** Runs one case in this process and prints its row as JSON. */
function runCase(name: CaseName, n: number): void {
  const all = posts(n);
  const cfg = config();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  const result = CASES[name](all, cfg);
  const coldMs = performance.now() - t0;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    gc?.();
    const t = performance.now();
    CASES[name](all, cfg);
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  const row: Row = { ...result, coldMs, warmMs: warm[1] ?? coldMs, baseRssMb, peakRssMb };
  console.log(JSON.stringify(row));
}

function spawnCase(name: CaseName, n: number): Row {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--case', name, String(n)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Row;
}

const args = process.argv.slice(2);
if (args[0] === '--case') {
  runCase(args[1] as CaseName, Number(args[2]));
} else {
  const n = Number(args[0] ?? 10_000);
  const rows: [string, Row][] = [
    [`tidings feed step (${THEMES.length} themes, archive pages, 3 formats)`, spawnCase('tidings', n)],
    ['naive: `feed` 6 alone, every item in one document per feed and format', spawnCase('naive', n)],
  ];
  const mb = (x: number): string => x.toFixed(0);
  console.log(`${n} posts, node ${process.version}\n`);
  console.log('| case | files | items rendered | output (MB) | first run (ms) | warm run (ms) | peak RSS (MB) | RSS growth (MB) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, r] of rows) {
    console.log(`| ${name} | ${r.files} | ${r.items} | ${mb(r.bytes / 2 ** 20)} | ${r.coldMs.toFixed(0)} | ${r.warmMs.toFixed(0)} | ${mb(r.peakRssMb)} | ${mb(r.peakRssMb - r.baseRssMb)} |`);
  }
}
