/** What adapters share in their results: a failed file, and an item's name in a diagnostic. */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { SourceResult } from '../../model/raw-post.js';

/** A file that gives no posts, only the diagnostic saying why. */
export function fail(d: Diagnostic): SourceResult {
  return { posts: [], diagnostics: [d] };
}

/** `item 3`, or `item 3 ("Its title")` with a long title cut to 60 characters. */
export function itemLabel(index: number, title: string | undefined): string {
  return title ? `item ${index + 1} ("${truncate(title, 60)}")` : `item ${index + 1}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A template tag or shortcode for a diagnostic: on one line, at most 80 characters. */
export function shortTag(tag: string): string {
  const one = tag.replace(/\s+/g, ' ');
  return one.length <= 80 ? one : `${one.slice(0, 77)}…`;
}
