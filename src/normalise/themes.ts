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

/** One keyword of a theme's rules that the post matches: how often in its title and in its text. */
export interface KeywordMatch {
  keyword: string;
  inTitle: number;
  inText: number;
}

/** Why a post has the themes it has, as assignThemes decides it (same inputs, same order). */
export type ThemeReason =
  /** Its source names them: these tags (front matter themes/tags/categories, feed categories). */
  | { readonly kind: 'stated'; readonly themes: readonly string[]; readonly tags: readonly string[] }
  /** The keyword rules: each theme given with its score, the minimum it needed and the keywords that matched. */
  | {
      readonly kind: 'rules';
      readonly themes: readonly string[];
      readonly scores: readonly { readonly theme: string; readonly score: number; readonly minScore: number; readonly matches: readonly KeywordMatch[] }[];
    }
  /** No rule reached its minimum: config.defaultTheme. */
  | { readonly kind: 'default'; readonly themes: readonly string[] }
  /** No rule reached its minimum and there is no default theme. */
  | { readonly kind: 'none'; readonly themes: readonly [] };

/** assignThemes with its reasons: the same themes, and where each came from. Pure. */
export function explainThemes(input: ThemeInput, stated: readonly string[] | undefined, config: Config): ThemeReason {
  const themes = config.themes;
  const explicit = statedThemes(stated ?? [], themes);
  if (explicit.length > 0) {
    const tags = (stated ?? []).filter((tag) => statedThemes([tag], themes).length > 0);
    return { kind: 'stated', themes: explicit, tags };
  }
  const assigned = assignThemes(input, stated, config);
  if (assigned.length === 0) return { kind: 'none', themes: [] };
  if (config.defaultTheme !== undefined && assigned.length === 1 && assigned[0] === config.defaultTheme) {
    const scores = themeScores(input, themes);
    const index = themes.findIndex((t) => t.slug === config.defaultTheme);
    const theme = themes[index];
    if (theme === undefined || (scores[index] ?? 0) < theme.minScore) return { kind: 'default', themes: assigned };
  }
  const title = fold(input.title);
  const text = fold(input.text);
  const patterns = patternsFor(themes);
  const scores = assigned.map((slug) => {
    const index = themes.findIndex((t) => t.slug === slug);
    const theme = themes[index] as ThemeConfig;
    const keywords = theme.keywords.filter((k) => k.trim() !== '');
    const matches = (patterns[index] ?? []).flatMap((pattern, i) => {
      const inTitle = countMatches(pattern, title);
      const inText = countMatches(pattern, text);
      return inTitle + inText > 0 ? [{ keyword: keywords[i] ?? '', inTitle, inText }] : [];
    });
    const score = matches.reduce((sum, m) => sum + TITLE_WEIGHT * m.inTitle + TEXT_WEIGHT * m.inText, 0);
    return { theme: slug, score, minScore: theme.minScore, matches };
  });
  return { kind: 'rules', themes: assigned, scores };
}
