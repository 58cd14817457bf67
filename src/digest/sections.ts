import type { Config } from '../config/schema.js';
import type { IssuePost, IssueSection } from './model.js';
import { leadOrder } from './subject.js';
import { EVERYTHING, sectionThemeFor } from './section-rule.js';

/** Heading of the closing section, for posts with no configured theme. */
export const MORE_POSTS = 'More posts';

/**
 * A post's primary theme: its first theme that the config declares (post.themes[0]
 * in the normal case; a theme since removed from the config is passed over), or
 * null when it has none.
 */
export function primaryTheme(themes: readonly string[], declared: ReadonlySet<string>): string | null {
  return themes.find((slug) => declared.has(slug)) ?? null;
}

/**
 * The sections of an issue for a subscriber following `followed` (none:
 * everything): each post once, in the section sectionThemeFor gives it (for
 * everything, its primary theme, or "More posts" when it has none; else the
 * first of its themes they follow, or nowhere). One section per theme that
 * has posts, ranked by leadOrder (most posts first, config order on a tie),
 * "More posts" last. Posts keep the order they come in. Pure.
 */
export function sectionsFor(posts: readonly IssuePost[], config: Pick<Config, 'themes'>, followed: ReadonlySet<string> = EVERYTHING): IssueSection[] {
  const byTheme = new Map<string | null, IssuePost[]>();
  for (const post of posts) {
    const key = sectionThemeFor(post.themes, followed);
    if (key === undefined) continue;
    const list = byTheme.get(key);
    if (list) list.push(post);
    else byTheme.set(key, [post]);
  }
  const sections: IssueSection[] = [];
  for (const theme of config.themes) {
    const list = byTheme.get(theme.slug);
    if (list) sections.push({ theme: theme.slug, name: theme.name, description: theme.description, posts: list });
  }
  const rest = byTheme.get(null);
  if (rest) sections.push({ theme: null, name: MORE_POSTS, description: '', posts: rest });
  return leadOrder(sections);
}
