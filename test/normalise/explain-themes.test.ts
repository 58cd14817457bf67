import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { assignThemes, themeScores } from '../../src/normalise/index.js';
import { explainThemes } from '../../src/normalise/themes.js';
import { REPO } from '../helpers/site.js';
import { makeConfig } from './helpers.js';

const config = makeConfig();

describe('explainThemes: where a post’s themes come from', () => {
  it('names the stated tags that gave the themes, and leaves the others out', () => {
    expect(explainThemes({ title: 'x', text: 'caseloads' }, ['WORKFORCE', 'gardening', 'Ofsted and Inspection'], config)).toEqual({
      kind: 'stated',
      themes: ['workforce', 'ofsted'],
      tags: ['WORKFORCE', 'Ofsted and Inspection'],
    });
  });

  it('gives each rule-given theme its score, minimum and the keywords that matched, title and text apart', () => {
    const reason = explainThemes({ title: 'Ofsted again', text: 'Ofsted inspectors, and social workers with caseloads.' }, ['gardening'], config);
    expect(reason).toEqual({
      kind: 'rules',
      themes: ['ofsted', 'workforce'],
      scores: [
        { theme: 'ofsted', score: 5, minScore: 2, matches: [{ keyword: 'Ofsted', inTitle: 1, inText: 1 }, { keyword: 'inspectors', inTitle: 0, inText: 1 }] },
        { theme: 'workforce', score: 2, minScore: 2, matches: [{ keyword: 'social workers', inTitle: 0, inText: 1 }, { keyword: 'caseloads', inTitle: 0, inText: 1 }] },
      ],
    });
  });

  it('says when the default theme or no theme was given', () => {
    expect(explainThemes({ title: 'A post', text: 'Nothing.' }, undefined, makeConfig({ defaultTheme: 'workforce' }))).toEqual({ kind: 'default', themes: ['workforce'] });
    expect(explainThemes({ title: 'A post', text: 'Nothing.' }, undefined, config)).toEqual({ kind: 'none', themes: [] });
    // The default theme reached by its own rules is a rule's theme.
    expect(explainThemes({ title: 'Caseloads', text: '' }, undefined, makeConfig({ defaultTheme: 'workforce' }))).toMatchObject({ kind: 'rules', themes: ['workforce'] });
  });

  it('gives the same themes and scores as assignThemes for every demo post under the demo config', async () => {
    const { config: demo } = await loadConfig({ cwd: REPO, env: {} });
    const dir = path.join(REPO, 'content', 'imports');
    let compared = 0;
    for (const file of await readdir(dir)) {
      const text = await readFile(path.join(dir, file), 'utf8');
      // Paragraph-sized pieces of real text, each taken for one post's body, with its first line as the title.
      for (const piece of text.split(/\n\s*\n/).filter((p) => p.trim().length > 40)) {
        const [title = '', ...rest] = piece.trim().split('\n');
        const input = { title, text: rest.join('\n') };
        const reason = explainThemes(input, undefined, demo);
        expect(reason.themes).toEqual(assignThemes(input, undefined, demo));
        if (reason.kind === 'rules') {
          const scores = themeScores(input, demo.themes);
          for (const s of reason.scores) expect(s.score).toBe(scores[demo.themes.findIndex((t) => t.slug === s.theme)]);
        }
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
