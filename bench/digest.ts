/**
 * Roundup benchmark: what one issue costs to render (Handlebars, then MJML
 * with strict validation, then html-to-text), and what each recipient
 * costs after that, next to the naive way in the same run: the whole
 * render again for every recipient with their values in the view. Also
 * shown: personalising plus encoding the parts as UTF-8 (what a transport
 * does with them first), and the complete MIME message per recipient
 * (nodemailer), which is the sender's real per-message floor.
 * Run: node --import tsx bench/digest.ts [--quick]   (--quick: each step timed for a tenth as long)
 */
import os from 'node:os';
import type { Config } from '../src/config/schema.js';
import { configSchema } from '../src/config/schema.js';
import type { Issue } from '../src/digest/index.js';
import { compileTemplates, personalise, planIssues, renderIssue } from '../src/digest/index.js';
import { loadTemplates } from '../src/build/load-templates.js';
import { mjmlToHtml } from '../src/digest/render/mjml.js';
import { htmlToText } from '../src/digest/render/text.js';
import { emailView } from '../src/digest/render/view.js';
import { buildMessage, composeEml } from '../src/mail/index.js';
import type { Post } from '../src/model/post.js';
import { BENCH_THEMES, benchWeek } from './week.js';

function config(): Config {
  return configSchema.parse({
    site: { title: 'Bench blog', baseUrl: 'https://blog.example.org/', author: 'A. Writer', timeZone: 'Europe/London' },
    themes: BENCH_THEMES.map((slug) => ({ slug, name: slug.replace(/-/g, ' '), description: `Posts about ${slug.replace(/-/g, ' ')}` })),
    email: { from: 'Bench blog <roundup@blog.example.org>', postalAddress: '1 Example Street, London' },
  });
}

function week(n: number): Post[] {
  return benchWeek(n, 300);
}

function recipient(i: number) {
  const token = `${i.toString(36)}.${'x'.repeat(86)}`;
  return {
    name: `Reader ${i}`,
    webVersionUrl: `https://blog.example.org/issues/2019-W31/?r=${i}`,
    preferencesUrl: `https://blog.example.org/preferences?token=${token}`,
    unsubscribeUrl: `https://blog.example.org/unsubscribe?token=${token}`,
  };
}

/** `--quick` (npm run bench -- --quick): each step timed for a tenth as long. */
const SCALE = process.argv.includes('--quick') ? 0.1 : 1;

/** Mean milliseconds per call of `fn` over at least `minMs` (after a warm-up). */
function time(fn: (i: number) => unknown, minMs: number, minRuns = 5): number {
  minMs *= SCALE;
  for (let i = 0; i < 3; i++) fn(i);
  let runs = 0;
  const start = performance.now();
  while (runs < minRuns || performance.now() - start < minMs) fn(runs++);
  return (performance.now() - start) / runs;
}

async function timeAsync(fn: (i: number) => Promise<unknown>, minMs: number): Promise<number> {
  minMs *= SCALE;
  for (let i = 0; i < 3; i++) await fn(i);
  let runs = 0;
  const start = performance.now();
  while (runs < 5 || performance.now() - start < minMs) await fn(runs++);
  return (performance.now() - start) / runs;
}

async function main(): Promise<void> {
  const cfg = config();
  const templates = compileTemplates(await loadTemplates({ config: cfg, rootDir: process.cwd() }));
  const ctx = { config: cfg, templates };
  const rows: string[][] = [];
  const perSecond = (ms: number): string => Math.round(1000 / ms).toLocaleString('en-GB');
  const fmt = (ms: number): string => (ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(1)} µs`);

  for (const posts of [10, 40]) {
    const issue = planIssues(week(posts), cfg).issues[0] as Issue;
    const renderMs = time(() => renderIssue(issue, ctx), 2000);
    const wholeMs = time(() => renderIssue(issue, { ...ctx, stencils: false }), 2000);
    const rendered = renderIssue(issue, ctx);
    const html = personalise(rendered, recipient(0)).html;

    let sink = 0;
    const personaliseMs = time((i) => {
      const p = personalise(rendered, recipient(i));
      sink += p.html.length + p.text.length;
    }, 2000, 1000);
    const encodeMs = time((i) => {
      const p = personalise(rendered, recipient(i));
      sink += Buffer.from(p.html, 'utf8').length + Buffer.from(p.text, 'utf8').length;
    }, 2000, 1000);
    const naiveMs = time((i) => {
      const view = emailView(issue, cfg, { ...recipient(i), reader: '' }, true);
      const h = mjmlToHtml({ mjml: templates.render(view), marked: () => templates.renderMarked(view), files: templates.files });
      sink += h.length + htmlToText(h).length;
    }, 3000);
    const mimeMs = await timeAsync(async (i) => {
      const r = recipient(i);
      const p = personalise(rendered, r);
      const eml = await composeEml(buildMessage({ rendered, personalised: p, recipient: { email: `reader${i}@example.net`, name: r.name }, config: cfg, messageId: `<2019-W31.${i}@blog.example.org>`, date: issue.date }));
      sink += eml.length;
    }, 2000);
    if (sink < 0) console.log(sink);

    const label = `${posts} posts (${Math.round(Buffer.byteLength(html) / 1000)} kB HTML)`;
    rows.push([label, 'render the issue once, its MJML compiled whole (Handlebars + MJML strict + html-to-text)', fmt(wholeMs), '—', '—']);
    rows.push([label, 'render the issue once, its HTML joined from stencil fragments (stencil.ts; warm: fragments learned)', fmt(renderMs), '—', '—']);
    rows.push([label, '**tidings: personalise per recipient** (join of parts)', fmt(personaliseMs), perSecond(personaliseMs), `${Math.round(naiveMs / personaliseMs).toLocaleString('en-GB')}×`]);
    rows.push([label, 'tidings: personalise + UTF-8 encode both parts', fmt(encodeMs), perSecond(encodeMs), `${Math.round(naiveMs / encodeMs).toLocaleString('en-GB')}×`]);
    rows.push([label, 'naive: full render per recipient', fmt(naiveMs), perSecond(naiveMs), '1×']);
    rows.push([label, 'for scale: personalise + complete MIME message (nodemailer)', fmt(mimeMs), perSecond(mimeMs), `${Math.round(naiveMs / mimeMs).toLocaleString('en-GB')}×`]);
  }

  console.log(`Roundup rendering and personalisation, one core (${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})\n`);
  console.log('| issue | step | time each | messages/s | vs naive |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

await main();
