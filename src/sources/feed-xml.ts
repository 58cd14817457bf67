/**
 * The RSS / Atom source adapter: one RawPost per feed item, read with
 * @rowanmanning/feed-parser (lenient about real-world feeds).
 *
 * Bodies and dates are taken from the item's elements directly, not from the
 * parser's convenience getters: those decode entities a second time (turning
 * the escaped text `&lt;em&gt;` of an HTML body into a real <em> tag) and
 * drop the offset of a date. Channel-level categories are not copied onto
 * items (they would override theme rules for every post).
 *
 * The parts are in feed-xml/: parse.ts (HTML pages, well-formedness, the
 * parser), item.ts with content.ts and xhtml.ts (one item as a post), and
 * item-lines.ts (each item's line).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { readItem } from './feed-xml/item.js';
import { itemLines } from './feed-xml/item-lines.js';
import { parseFeedText } from './feed-xml/parse.js';
import { withoutBom } from './shared/lines.js';
import { fail, itemLabel } from './shared/report.js';
import { ItemTally } from './shared/tally.js';

export function readFeedXml(file: SourceFile): SourceResult {
  const text = declarationFirst(withoutBom(file.text));
  const parsed = parseFeedText(file.path, text);
  if (!parsed.ok) return fail(parsed.failure);
  const feed = parsed.feed;
  const diagnostics: Diagnostic[] = parsed.warning ? [parsed.warning] : [];
  const tally = new ItemTally(file.path);

  const format = feed.meta.type === 'atom' ? 'atom' : 'rss';
  const lines = itemLines(text, feed.items.length);
  const posts: RawPost[] = [];
  const seenSlots = new Set<string>();
  const sameDateCount = new Map<string, number>();

  feed.items.forEach((item, index) => {
    const line = lines[index] ?? 0;
    const label = itemLabel(index, item.title?.trim());
    const read = readItem(item, format);
    if ('problem' in read) {
      tally.add({ ...read.problem, line, label });
      return;
    }
    for (const fault of read.faults) tally.add({ ...fault, line, label });
    const slot = slotFor(read.post.explicitId, read.post.published, sameDateCount);
    if (read.post.explicitId === undefined) {
      const element = format === 'atom' ? '<id>' : '<guid>';
      tally.add({
        cause: 'no-id',
        severity: 'warning',
        line,
        label,
        one: `has no ${element} and no link`,
        many: `have no ${element} and no link`,
        hint: 'without one, an edited copy of this item imported later may become a second post',
      });
    }
    if (seenSlots.has(slot)) {
      tally.add({
        cause: 'repeated-id',
        severity: 'warning',
        line,
        label,
        one: `repeats the id "${read.post.explicitId ?? slot}" of an earlier item; it is skipped`,
        many: `repeat the id of an earlier item (the first: "${read.post.explicitId ?? slot}"); they are skipped`,
        hint: 'give every item its own id',
      });
      return;
    }
    seenSlots.add(slot);
    posts.push({
      source: { file: file.path, format, line, slot, hash: read.hash },
      ...read.post,
    });
  });
  return { posts, diagnostics: [...diagnostics, ...tally.diagnostics()].sort(byLine) };
}

/**
 * White space before the XML declaration (a blank first line, common in
 * generated feeds) makes the file not well-formed, yet every reader takes
 * it: the declaration moves to the start, the lines it leaves keep every
 * later line where it was.
 */
function declarationFirst(text: string): string {
  const match = /^(\s+)(<\?xml\b[^>]*\?>)/.exec(text);
  if (!match) return text;
  const [whole, space = '', declaration = ''] = match;
  return `${declaration}${space.replace(/[^\n]/g, '')}${text.slice(whole.length)}`;
}

function byLine(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line;
}

/** `guid:<id>`, or for an item without one `date:<published>#<n>`, n counting items of that date. */
function slotFor(explicitId: string | undefined, published: string, sameDateCount: Map<string, number>): string {
  if (explicitId !== undefined) return `guid:${explicitId}`;
  const n = sameDateCount.get(published) ?? 0;
  sameDateCount.set(published, n + 1);
  return `date:${published}#${n}`;
}
