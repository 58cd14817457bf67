/**
 * Themes for a post: those the source states (a theme's slug or name, any
 * case, or the name written as a slug; unknown tags ignored), else the config's rules: each keyword (a whole
 * word or phrase, any case, `'` and `’` alike) scores 3 per match in the
 * title and 1 per match in the text; themes reaching their minScore are
 * given, best first, ties in config order. None: the default theme, if set.
 */
import slugify from '@sindresorhus/slugify';
import type { Config, ThemeConfig } from '../config/schema.js';

export interface ThemeInput {
  title: string;
  text: string;
}

const TITLE_WEIGHT = 3;
const TEXT_WEIGHT = 1;

function fold(text: string): string {
  return text.replace(/[’‘]/g, "'");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function keywordPattern(keyword: string): RegExp {
  const phrase = fold(keyword.trim()).split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Compiled keyword patterns, once per themes array. */
const compiled = new WeakMap<readonly ThemeConfig[], RegExp[][]>();

function patternsFor(themes: readonly ThemeConfig[]): RegExp[][] {
  let patterns = compiled.get(themes);
  if (!patterns) {
    patterns = themes.map((t) => t.keywords.filter((k) => k.trim() !== '').map(keywordPattern));
    compiled.set(themes, patterns);
  }
  return patterns;
}

function countMatches(pattern: RegExp, text: string): number {
  let n = 0;
  for (const _match of text.matchAll(pattern)) n += 1;
  return n;
}

function statedThemes(stated: readonly string[], themes: readonly ThemeConfig[]): string[] {
  const found: string[] = [];
  for (const tag of stated) {
    const lower = tag.trim().toLowerCase();
    const asSlug = slugify(tag, { decamelize: false });
    const theme = themes.find(
      (t) => t.slug === lower || t.name.toLowerCase() === lower || t.slug === asSlug || slugify(t.name, { decamelize: false }) === asSlug,
    );
    if (theme && !found.includes(theme.slug)) found.push(theme.slug);
  }
  return found;
}

/** Score of each theme for this post, in config order. */
export function themeScores(input: ThemeInput, themes: readonly ThemeConfig[]): number[] {
  const title = fold(input.title);
  const text = fold(input.text);
  return patternsFor(themes).map((patterns) =>
    patterns.reduce((sum, p) => sum + TITLE_WEIGHT * countMatches(p, title) + TEXT_WEIGHT * countMatches(p, text), 0),
  );
}

/** Theme slugs for a post, primary first. */
export function assignThemes(input: ThemeInput, stated: readonly string[] | undefined, config: Config): string[] {
  const themes = config.themes;
  const explicit = statedThemes(stated ?? [], themes);
  if (explicit.length > 0) return explicit;
  const scores = themeScores(input, themes);
  const ranked = themes
    .map((theme, index) => ({ slug: theme.slug, index, score: scores[index] ?? 0, min: theme.minScore }))
    .filter((t) => t.score >= t.min)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, config.maxThemesPerPost)
    .map((t) => t.slug);
  if (ranked.length > 0) return ranked;
  return config.defaultTheme !== undefined ? [config.defaultTheme] : [];
}
