import type { Config } from '../config/schema.js';
import type { IssuePost, IssueSection } from './model.js';

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
 * One section per theme that has posts, in config theme order, then "More
 * posts". Each post appears once, under its primary theme. Posts keep the
 * order they come in.
 */
export function sectionsFor(posts: readonly IssuePost[], config: Config): IssueSection[] {
  const declared = new Set(config.themes.map((t) => t.slug));
  const byTheme = new Map<string | null, IssuePost[]>();
  for (const post of posts) {
    const key = primaryTheme(post.themes, declared);
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
  return sections;
}
