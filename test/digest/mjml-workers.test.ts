import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { IssueFile } from '../../src/build/issue-outputs.js';
import { planIssueOutputs } from '../../src/build/issue-outputs.js';
import { MIN_ISSUES_FOR_WORKERS } from '../../src/digest/render/ahead.js';
import { openMjmlPool } from '../../src/digest/render/mjml-pool.js';
import { mjmlToHtml } from '../../src/digest/render/mjml.js';
import { issueMjml, renderIssue } from '../../src/digest/render/render.js';
import type { Post } from '../../src/model/post.js';
import { REPO } from '../helpers/site.js';
import { digestConfig, postAt, templatesFor } from './helpers.js';

const config = digestConfig({ visualTheme: 'dusk' });

/** Twelve weeks of posts, three a week, and one week of 85 posts (too large for one email: compiled again without excerpts). */
function posts(): Post[] {
  const out: Post[] = [];
  for (let week = 0; week < 12; week++) {
    for (let i = 0; i < 3; i++) {
      const n = week * 3 + i;
      const at = new Date(Date.UTC(2019, 0, 7 + week * 7, 9) + i * 86_400_000).toISOString();
      out.push(postAt(n, at, [['inspection', 'workforce', 'policy'][n % 3] ?? 'policy'], { id: `p${n}`, slug: `post-${n}`, url: `https://blog.example.org/posts/${n}/`, title: `Post ${n} & friends` }));
    }
  }
  for (let i = 0; i < 85; i++) {
    const at = new Date(Date.UTC(2019, 6, 29, 8) + i * 3_600_000).toISOString();
    out.push(postAt(100 + i, at, ['inspection'], { id: `big${i}`, slug: `big-${i}`, url: `https://blog.example.org/posts/big-${i}/`, text: `Body of post ${i}. `.repeat(100) }));
  }
  return out;
}

async function emailFiles(mjmlWorkers: number): Promise<{ files: IssueFile[]; warnings: string[] }> {
  const templates = await templatesFor(config);
  const outputs = planIssueOutputs(posts(), config, templates, new Map(), { mjmlWorkers });
  const files: IssueFile[] = [];
  const warnings: string[] = [];
  for await (const file of outputs.emailFiles((w) => warnings.push(w))) files.push(file);
  return { files, warnings };
}

describe('roundups compiled on worker threads', () => {
  it('give every email file byte for byte as compiling on one thread does, an issue too large for one email included', async () => {
    const one = await emailFiles(0);
    const workers = await emailFiles(2);
    expect(one.files.filter((f) => f.path.endsWith('email.html')).length).toBeGreaterThanOrEqual(MIN_ISSUES_FOR_WORKERS);
    expect(one.warnings.some((w) => w.includes('excerpts left out'))).toBe(true);
    expect(workers.files.map((f) => f.path)).toEqual(one.files.map((f) => f.path));
    expect(workers.files.map((f) => f.content)).toEqual(one.files.map((f) => f.content));
    expect(workers.warnings).toEqual(one.warnings);
  }, 60_000);

  it('a worker makes the same HTML as this thread, and leaves a document MJML refuses to this thread', async () => {
    const templates = await templatesFor(config);
    const [issue] = planIssueOutputs(posts(), config, templates, new Map()).issues;
    if (issue === undefined) throw new Error('no issue');
    const mjml = issueMjml(issue, { config, templates });
    const pool = openMjmlPool(1);
    try {
      const html = await pool.compile(mjml);
      expect(html).toBe(mjmlToHtml({ mjml, marked: () => mjml, files: templates.files }));
      expect(await pool.compile(mjml.replace('<mj-body', '<mj-bogus></mj-bogus><mj-body'))).toBeUndefined();
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('renderIssue uses the HTML compiled ahead for exactly its MJML instead of compiling again', async () => {
    const templates = await templatesFor(config);
    const [issue] = planIssueOutputs(posts(), config, templates, new Map()).issues;
    if (issue === undefined) throw new Error('no issue');
    const ctx = { config, templates };
    const plain = renderIssue(issue, ctx);
    const html = mjmlToHtml({ mjml: plain.mjml, marked: () => plain.mjml, files: templates.files });
    const marked = html.replace('</body>', '<p>compiled ahead</p></body>');
    const rendered = renderIssue(issue, { ...ctx, compiled: new Map([[issueMjml(issue, ctx), marked]]) });
    expect(rendered.html.parts.join('')).toContain('compiled ahead');
    expect(plain.html.parts.join('')).not.toContain('compiled ahead');
  }, 30_000);

  it('a pool its caller leaves without closing (a build stopped by a failed write) does not keep the process alive', async () => {
    const pool = pathToUrl(path.join(REPO, 'src/digest/render/mjml-pool.ts'));
    const script = `import { openMjmlPool } from ${JSON.stringify(pool)};
const html = await openMjmlPool(2).compile('<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>');
console.log(html.includes('Hi') ? 'compiled' : 'not compiled');`;
    const tsx = path.join(REPO, 'node_modules/tsx/dist/esm/index.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('compiled');
  }, 30_000);
});

function pathToUrl(file: string): string {
  return new URL(`file://${file}`).href;
}
