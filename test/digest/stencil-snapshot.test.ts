import { describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import type { Issue } from '../../src/digest/index.js';
import { compileTemplates, planIssues, renderIssue } from '../../src/digest/index.js';
import { loadTemplates } from '../../src/build/load-templates.js';
import { stencilKept, stencilSnapshot, stencilState } from '../../src/digest/render/stencil.js';
import type { Post } from '../../src/model/post.js';
import type * as digestModule from '../../src/digest/index.js';
import type * as stencilModule from '../../src/digest/render/stencil.js';
import { digestConfig, postAt } from './helpers.js';

/** Weeks of posts with and without authors, one to three themes, titles with markup and entities. */
function posts(): Post[] {
  const out: Post[] = [];
  for (let n = 0; n < 30; n++) {
    const at = new Date(Date.UTC(2021, 2, 1 + Math.floor(n / 3) * 7, 9) + (n % 3) * 86_400_000).toISOString();
    const themes = [['inspection'], ['workforce', 'policy'], []][n % 3] ?? [];
    out.push(postAt(n, at, themes, { id: `p${n}`, slug: `p-${n}`, url: `https://blog.example.org/posts/${n}/`, title: `Post ${n} & <b>“more”</b>`, author: n % 2 === 0 ? '' : 'Zoë' }));
  }
  return out;
}

/**
 * A fresh copy of the digest's modules: what another process would have,
 * its shape ids and token numbers given from nothing. Some are given to
 * other values first, so that the snapshot's numbers mean something else
 * here and the restore has to renumber.
 */
type DigestModule = typeof digestModule;
type StencilModule = typeof stencilModule;

async function anotherProcess(): Promise<{ digest: DigestModule; stencil: StencilModule }> {
  vi.resetModules();
  const view = await import('../../src/digest/render/stencil-view.js');
  view.itemsOf({ unrelated: 'a', nested: { deeper: 'b', more: 'c' }, sections: [{ other: 'd', posts: [{ x: 'e' }] }] });
  const digest = await import('../../src/digest/index.js');
  const stencil = await import('../../src/digest/render/stencil.js');
  return { digest, stencil };
}

describe('what the stencil path learned, kept across processes', () => {
  it('is restored into another numbering of shapes and tokens, and joins the same roundups byte for byte as compiling them whole, learning nothing again', async () => {
    const config: Config = digestConfig();
    const { issues } = planIssues(posts(), config);
    const here = compileTemplates(await loadTemplates({ config, rootDir: '/nonexistent-site' }));
    for (const issue of issues) renderIssue(issue, { config, templates: here });
    const learned = stencilState(here).fragments;
    expect(learned).toBeGreaterThan(3);
    const kept: unknown = JSON.parse(JSON.stringify(stencilSnapshot(here)));
    // Not written yet (the write failed, say): taken again. Once kept, nothing learned since: nothing to keep.
    expect(stencilSnapshot(here)).toEqual(kept);
    stencilKept(here);
    for (const issue of issues) renderIssue(issue, { config, templates: here });
    expect(stencilSnapshot(here)).toBeUndefined();

    const there = await anotherProcess();
    const templates = there.digest.compileTemplates(await loadTemplates({ config, rootDir: '/nonexistent-site' }));
    expect(there.stencil.restoreStencil(templates, kept)).toBe(true);
    expect(there.stencil.stencilState(templates)).toMatchObject({ fragments: learned, off: false });
    for (const issue of issues as Issue[]) {
      const joined = there.digest.renderIssue(issue, { config, templates });
      const whole = there.digest.renderIssue(issue, { config, templates, stencils: false });
      expect(joined.html, issue.id).toEqual(whole.html);
      expect(joined).toEqual(whole);
    }
    expect(there.stencil.stencilState(templates)).toEqual({ fragments: learned, joined: issues.length, off: false });
    // Restored, not learned: nothing new to keep.
    expect(there.stencil.stencilSnapshot(templates)).toBeUndefined();
  }, 60_000);

  it('is not restored for other templates, into a model that has learned already, or when it is malformed; the roundups are right all the same', async () => {
    const config: Config = digestConfig();
    const dusk: Config = digestConfig({ visualTheme: 'dusk' });
    const { issues } = planIssues(posts(), config);
    const light = compileTemplates(await loadTemplates({ config, rootDir: '/nonexistent-site' }));
    for (const issue of issues.slice(0, 3)) renderIssue(issue, { config, templates: light });
    const kept = JSON.parse(JSON.stringify(stencilSnapshot(light))) as Record<string, unknown> & { nodes: [string, { html: string; start: number } | null][] };

    const there = await anotherProcess();
    const other = there.digest.compileTemplates(await loadTemplates({ config: dusk, rootDir: '/nonexistent-site' }));
    expect(there.stencil.restoreStencil(other, kept)).toBe(false);

    const fresh = async () => there.digest.compileTemplates(await loadTemplates({ config, rootDir: '/nonexistent-site' }));
    const node = kept.nodes.find(([, n]) => n !== null)?.[1];
    if (!node) throw new Error('a snapshot without a node');
    const malformed: unknown[] = [
      null,
      'text',
      { ...kept, format: 2 },
      { ...kept, nodes: [[kept.nodes[0]?.[0], { ...node, start: node.html.length + 1 }]] },
      // A key naming a shape the snapshot does not hold.
      { ...kept, nodes: [['zz\nzz', node]] },
      // Tokens whose value paths are missing.
      { ...kept, paths: {} },
    ];
    for (const bad of malformed) {
      const templates = await fresh();
      expect(there.stencil.restoreStencil(templates, bad), JSON.stringify(bad)?.slice(0, 40)).toBe(false);
      expect(there.stencil.stencilState(templates).fragments).toBe(0);
      const issue = issues[0] as Issue;
      expect(there.digest.renderIssue(issue, { config, templates }).html).toEqual(there.digest.renderIssue(issue, { config, templates, stencils: false }).html);
    }

    const learnedAlready = await fresh();
    there.digest.renderIssue(issues[0] as Issue, { config, templates: learnedAlready });
    expect(there.stencil.restoreStencil(learnedAlready, kept)).toBe(false);
  }, 60_000);
});
