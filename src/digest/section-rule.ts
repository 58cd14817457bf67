/**
 * The one rule of who sees a post where (variant.ts says more): for a
 * subscriber following some themes, a post goes into the section of the
 * first of its own themes (primary first) that they follow; for one who
 * follows everything, into its primary theme's. Pure.
 */

/** The followed themes of a subscriber who chose none: everything. */
export const EVERYTHING: ReadonlySet<string> = new Set();

/**
 * The section a post with `postThemes` (its configured theme slugs, primary
 * first: IssuePost.themes) goes into, for a subscriber following `followed`
 * (empty: everything). A theme's slug; null for "More posts" (only for
 * everything, when the post has no theme); undefined when the post is not in
 * their issue (none of its themes is one they follow).
 */
export function sectionThemeFor(postThemes: readonly string[], followed: ReadonlySet<string>): string | null | undefined {
  if (followed.size === 0) return postThemes[0] ?? null;
  return postThemes.find((theme) => followed.has(theme));
}
