import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { assignThemes } from '../../src/normalise/themes.js';

const config = configSchema.parse({
  themes: ['a', 'b', 'c', 'd'].map((slug) => ({ slug, name: slug.toUpperCase(), keywords: [`word${slug}`], minScore: 1 })),
});

describe('theme rules give a post its best-scoring themes, at most maxThemesPerPost', () => {
  const text = 'worda worda worda wordb wordb wordc wordd wordd wordd wordd';

  it('keeps the three best by default, best first', () => {
    expect(assignThemes({ title: 'x', text }, undefined, config)).toEqual(['d', 'a', 'b']);
  });

  it('follows a configured limit', () => {
    expect(assignThemes({ title: 'x', text }, undefined, { ...config, maxThemesPerPost: 1 })).toEqual(['d']);
  });

  it('keeps every theme a post states itself', () => {
    expect(assignThemes({ title: 'x', text }, ['a', 'b', 'c', 'd'], config)).toEqual(['a', 'b', 'c', 'd']);
  });
});
