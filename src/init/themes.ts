/**
 * Themes proposed for a new config: the tags and categories the blog uses
 * most (on at least two posts, unless no tag is on two), each with its
 * own name as a keyword. A post tagged with one gets that theme by its tag;
 * the keyword finds it in the untagged posts too.
 */
import slugify from '@sindresorhus/slugify';

export interface ProposedTheme {
  slug: string;
  name: string;
  keywords: string[];
  posts: number;
}

export const MAX_PROPOSED_THEMES = 6;

/** `tagLists`: the tags of each post, as written. */
export function proposeThemes(tagLists: readonly (readonly string[])[]): ProposedTheme[] {
  const byKey = new Map<string, { spellings: Map<string, number>; posts: number }>();
  for (const tags of tagLists) {
    const seen = new Set<string>();
    for (const tag of tags) {
      const name = tag.trim();
      const key = slugify(name, { decamelize: false });
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      const entry = byKey.get(key) ?? { spellings: new Map<string, number>(), posts: 0 };
      entry.posts += 1;
      entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + 1);
      byKey.set(key, entry);
    }
  }
  const least = [...byKey.values()].some((e) => e.posts >= 2) ? 2 : 1;
  return [...byKey]
    .filter(([, e]) => e.posts >= least)
    .sort((a, b) => b[1].posts - a[1].posts || a[0].localeCompare(b[0]))
    .slice(0, MAX_PROPOSED_THEMES)
    .map(([slug, e]) => {
      const name = [...e.spellings].sort((a, b) => b[1] - a[1])[0]?.[0] ?? slug;
      return { slug, name: name.charAt(0).toUpperCase() + name.slice(1), keywords: [name], posts: e.posts };
    });
}
