import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { BuildReport } from '../../src/build/index.js';
import { siteTemplates } from '../../src/app/templates.js';
import { buildSite } from '../../src/build/index.js';
import type { Issue } from '../../src/digest/index.js';
import { planIssues } from '../../src/digest/index.js';
import { entryId } from '../../src/feeds/index.js';
import { listFiles } from '../build/helpers.js';
import { assertWellFormed } from '../feeds/read-feeds.js';
import { decodeHeader, one, parseEml } from '../mail/eml.js';
import { demoSite } from './demo-helpers.js';

/** The demo blog built with its roundups, twice. */
let app: App;
let dir: string;
let cleanup: () => Promise<void>;
let outDir: string;
let first: BuildReport;
let second: BuildReport;
let issues: readonly Issue[];
const logs: string[] = [];

beforeAll(async () => {
  ({ app, dir, cleanup } = await demoSite());
  outDir = path.join(dir, 'out');
  const options = { store: app.store, config: app.config, outDir, issues: { rootDir: app.rootDir, templates: await siteTemplates(app.config, app.rootDir) }, log: (level: string, message: string) => void logs.push(`${level}: ${message}`) };
  first = await buildSite(options);
  second = await buildSite(options);
  issues = planIssues(await app.store.listPosts(), app.config).issues;
});
afterAll(() => cleanup());

const read = (rel: string) => readFile(path.join(outDir, rel), 'utf8');

describe('tidings build: roundups', () => {
  it('writes each issue web version and email files, the archive and the roundups feeds', async () => {
    const files = new Set(await listFiles(outDir));
    expect(first.issues).toBe(issues.length);
    expect(first.problems).toEqual([]);
    for (const issue of issues) {
      for (const name of ['index.html', 'email.html', 'email.txt', 'email.mjml', 'message.eml']) expect(files, `${issue.id}/${name}`).toContain(`issues/${issue.id}/${name}`);
    }
    for (const name of ['index.html', 'feed.xml', 'atom.xml', 'feed.json']) expect(files).toContain(`issues/${name}`);
    expect(logs.filter((l) => l.startsWith('warn'))).toEqual([]);
  });

  it('rebuilds to the same bytes, message.eml included', () => {
    expect(second.written).toEqual([]);
    expect(second.unchanged.filter((f) => f.endsWith('message.eml'))).toHaveLength(issues.length);
  });

  it('writes a message.eml that is a complete multipart/alternative message dated at the issue', async () => {
    for (const issue of issues) {
      const eml = parseEml(await readFile(path.join(outDir, 'issues', issue.id, 'message.eml')));
      expect(decodeHeader(one(eml.headers, 'subject'))).toBe(issue.subject);
      expect(new Date(one(eml.headers, 'date')).toISOString()).toBe(new Date(issue.date).toISOString());
      expect(one(eml.headers, 'from')).toBe('Child Protection Commentary <roundup@example.org>');
      expect(one(eml.headers, 'to')).toBe('Sample Reader <reader@example.com>');
      expect(one(eml.headers, 'message-id')).toBe(`<${issue.id}.sample@example.org>`);
      expect(one(eml.headers, 'list-unsubscribe')).toMatch(/^<http:\/\/127\.0\.0\.1:8080\/unsubscribe\?token=sample>, <mailto:unsubscribe@example\.org\?subject=unsubscribe>$/);
      expect(one(eml.headers, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(one(eml.headers, 'list-id')).toMatch(/^"Child Protection Commentary" <roundup\.[\w.-]+>$/);
      expect(eml.parts.map((p) => one(p.headers, 'content-type'))).toEqual(['text/plain; charset=utf-8', 'text/html; charset=utf-8']);
      expect(eml.parts[0]?.decoded.replaceAll('\r\n', '\n')).toBe(await read(`issues/${issue.id}/email.txt`));
      expect(eml.parts[1]?.decoded.replaceAll('\r\n', '\n')).toBe(await read(`issues/${issue.id}/email.html`));
    }
  });

  it('links each web version to the issues either side, the archive and its posts, and offers the roundups feeds', async () => {
    const files = new Set(await listFiles(outDir));
    for (const [i, issue] of issues.entries()) {
      const html = await read(`issues/${issue.id}/index.html`);
      expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Child Protection Commentary: roundups (Atom)" href="http://127.0.0.1:8080/issues/atom.xml">');
      const prev = /<a rel="prev" href="([^"]+)"/.exec(html)?.[1];
      const next = /<a rel="next" href="([^"]+)"/.exec(html)?.[1];
      expect(prev).toBe(i > 0 ? `../${issues[i - 1]?.id}/` : undefined);
      expect(next).toBe(i < issues.length - 1 ? `../${issues[i + 1]?.id}/` : undefined);
      const base = new URL(`issues/${issue.id}/`, 'http://127.0.0.1:8080/');
      for (const m of html.matchAll(/<a (?:rel="\w+" )?href="([^"#]+)"/g)) {
        const target = new URL((m[1] ?? '').replaceAll('&amp;', '&'), base);
        if (target.origin !== base.origin) continue;
        const local = decodeURIComponent(target.pathname.slice(1));
        expect(files.has(local === '' || local.endsWith('/') ? `${local}index.html` : local), `${issue.id} → ${target.href}`).toBe(true);
      }
    }
    const archive = await read('issues/index.html');
    expect([...archive.matchAll(/<h2><a href="([^"]+)">/g)].map((m) => m[1])).toEqual([...issues].reverse().map((i) => `${i.id}/`));
  });

  it('publishes the roundups as feeds: one entry per issue, newest first, with stable issue ids', async () => {
    const expected = [...issues].reverse().map((i) => entryId('issue', i.id));
    for (const name of ['feed.xml', 'atom.xml']) {
      const xml = await read(`issues/${name}`);
      assertWellFormed(xml);
      expect(parseFeed(xml).items.map((item) => item.id)).toEqual(expected);
    }
    const json = JSON.parse(await read('issues/feed.json')) as { items: { id: string; url: string; content_html: string }[] };
    expect(json.items.map((i) => i.id)).toEqual(expected);
    expect(json.items[0]?.url).toBe(`http://127.0.0.1:8080/issues/${issues[issues.length - 1]?.id}/`);
    for (const item of json.items) {
      expect(item.content_html).toMatch(/<h2 dir="auto">/);
      for (const m of item.content_html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
    }
    expect(first.changedFeeds).toEqual(expect.arrayContaining(['http://127.0.0.1:8080/issues/feed.xml', 'http://127.0.0.1:8080/issues/atom.xml', 'http://127.0.0.1:8080/issues/feed.json']));
  });
});
