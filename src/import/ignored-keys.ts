/**
 * The one line an import prints about front-matter keys it did not read
 * (`layout`, `comments`, `toc`, …: keys generators and their themes use),
 * instead of a warning per post.
 */
import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';

export class IgnoredKeys {
  private readonly posts = new Map<string, number>();

  /** Counts a post's unread keys (each key once per post, whatever its case). */
  add(keys: readonly string[] | undefined): void {
    for (const key of new Set((keys ?? []).map((k) => k.toLowerCase()))) this.posts.set(key, (this.posts.get(key) ?? 0) + 1);
  }

  /** One info diagnostic naming the keys (most frequent first) and how many posts had each; none when there were none. */
  note(where: string): Diagnostic[] {
    if (this.posts.size === 0) return [];
    const keys = [...this.posts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const listed = keys.map(([key, n]) => `${key} (${n} post${n === 1 ? '' : 's'})`).join(', ');
    return [diagnostic(where, 0, `front-matter keys not read, left as they are: ${listed}`, 'docs/formats.md lists the keys tidings reads', 'info')];
  }
}
