import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { IssuePlan } from '../../src/digest/index.js';
import { compileTemplates, planIssues, renderIssue } from '../../src/digest/index.js';
import { loadTemplates } from '../../src/build/load-templates.js';
import type { Post } from '../../src/model/post.js';
import { demoSite } from './demo-helpers.js';
import { sample } from './helpers.js';

let app: App;
let cleanup: () => Promise<void>;
let posts: Post[];
let plan: IssuePlan;

beforeAll(async () => {
  ({ app, cleanup } = await demoSite());
  posts = await app.store.listPosts();
  plan = planIssues(posts, app.config);
});
afterAll(() => cleanup());

describe('the demo blog as roundups', () => {
  it('makes one roundup for every week that has posts, in order, numbered from 1', () => {
    const weeks = new Set(posts.map((p) => DateTime.fromISO(p.published, { zone: app.config.site.timeZone }).toFormat("kkkk-'W'WW")));
    expect(plan.problems).toEqual([]);
    expect(plan.issues.map((i) => i.id)).toEqual([...weeks].sort());
    expect(plan.issues.map((i) => i.number)).toEqual(plan.issues.map((_, i) => i + 1));
    expect(plan.issues.length).toBeGreaterThan(10);
  });

  it('puts each post in exactly one roundup, under its primary theme', () => {
    const placed = plan.issues.flatMap((issue) => issue.sections.flatMap((s) => s.posts.map((p) => ({ issue: issue.id, theme: s.theme, id: p.id }))));
    expect(placed.map((p) => p.id).sort()).toEqual(posts.map((p) => p.id).sort());
    const declared = new Set(app.config.themes.map((t) => t.slug));
    for (const post of posts) {
      const where = placed.find((p) => p.id === post.id);
      expect(where?.theme, post.title).toBe(post.themes.find((t) => declared.has(t)) ?? null);
      expect(where?.issue).toBe(DateTime.fromISO(post.published, { zone: app.config.site.timeZone }).toFormat("kkkk-'W'WW"));
    }
  });

  for (const visualTheme of ['light', 'dusk']) {
    it(`renders every issue with strict MJML validation in the "${visualTheme}" theme, every post linked in both parts`, async () => {
      const config = { ...app.config, digest: { ...app.config.digest, visualTheme } };
      const templates = compileTemplates(await loadTemplates({ config, rootDir: '/nonexistent-site' }));
      for (const issue of plan.issues) {
        const rendered = renderIssue(issue, { config, templates });
        const { html, text } = sample(rendered);
        expect(rendered.warnings).toEqual([]);
        expect(html).toContain(`<h1 style=`);
        for (const post of issue.sections.flatMap((s) => s.posts)) {
          expect(html, `${issue.id}: ${post.title}`).toContain(`href="${post.url}"`);
          expect(text.split('\n'), `${issue.id}: ${post.title}`).toContain(post.url);
        }
      }
    });
  }
});
