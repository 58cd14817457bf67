import { describe, expect, it } from 'vitest';
import { assignThemes, themeScores } from '../../src/normalise/index.js';
import { makeConfig } from './helpers.js';

const config = makeConfig();

describe('assignThemes', () => {
  it('uses the themes the source states, by slug or name in any case, ignoring unknown tags', () => {
    expect(assignThemes({ title: 'x', text: 'caseloads caseloads' }, ['WORKFORCE', 'gardening', 'Ofsted and Inspection'], config)).toEqual([
      'workforce',
      'ofsted',
    ]);
    expect(assignThemes({ title: 'x', text: '' }, ['ofsted-and-inspection'], config)).toEqual(['ofsted']);
  });

  it('falls back to the rules when no stated tag is a theme', () => {
    expect(assignThemes({ title: 'Ofsted again', text: '' }, ['gardening'], config)).toEqual(['ofsted']);
  });

  it('counts a title match three times and a text match once, against each theme’s minScore', () => {
    // minScore is 2 by default: one mention in the text is not enough, one in the title is.
    expect(assignThemes({ title: 'A post', text: 'Ofsted visited.' }, undefined, config)).toEqual([]);
    expect(assignThemes({ title: 'The Judgements of Ofsted', text: 'Nothing else.' }, undefined, config)).toEqual(['ofsted']);
    expect(assignThemes({ title: 'A post', text: 'Ofsted visited. The inspection went badly.' }, undefined, config)).toEqual(['ofsted']);
  });

  it('ranks themes by score, ties in config order', () => {
    const text = 'social workers, caseloads and sickness absence; Ofsted inspectors; a serious case review and another SCR.';
    expect(themeScores({ title: '', text }, config.themes)).toEqual([2, 3, 2]);
    expect(assignThemes({ title: '', text }, undefined, config)).toEqual(['workforce', 'ofsted', 'case-reviews']);
  });

  it('matches whole words and phrases only, in any case, either apostrophe', () => {
    expect(themeScores({ title: '', text: 'SCRs and scrap and Ofstedish' }, config.themes)).toEqual([0, 0, 0]);
    expect(themeScores({ title: '', text: 'SOCIAL  WORKERS\nsocial\nworkers' }, config.themes)).toEqual([0, 2, 0]);
    const apostrophes = makeConfig({ themes: [{ slug: 'children', name: 'Children', keywords: ["children's services"] }] });
    expect(themeScores({ title: '', text: 'children’s services' }, apostrophes.themes)).toEqual([1]);
  });

  it('gives the default theme when nothing matches, else none', () => {
    const withDefault = makeConfig({ defaultTheme: 'workforce' });
    expect(assignThemes({ title: 'Nothing', text: 'here' }, undefined, withDefault)).toEqual(['workforce']);
    expect(assignThemes({ title: 'Nothing', text: 'here' }, undefined, config)).toEqual([]);
  });

  it('does not treat keyword text as a pattern', () => {
    const odd = makeConfig({ themes: [{ slug: 'cpp', name: 'C++', keywords: ['C++', 'a.b'], minScore: 1 }] });
    expect(assignThemes({ title: '', text: 'axb and C' }, undefined, odd)).toEqual([]);
    expect(assignThemes({ title: '', text: 'written in C++ today' }, undefined, odd)).toEqual(['cpp']);
  });
});
