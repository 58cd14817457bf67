/**
 * The JSON Feed (1.0 and 1.1) source adapter: one RawPost per item.
 * https://www.jsonfeed.org/version/1.1/
 *
 * The parts are in json-feed/: item.ts (one item as a post), positions.ts
 * (lines for diagnostics) and json.ts (the JSON value types).
 */
import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';
import { authorOf, readItem } from './json-feed/item.js';
import { isObject } from './json-feed/json.js';
import { itemLines, parseJsonFile } from './json-feed/positions.js';
import { sha256 } from './shared/hash.js';
import { withoutBom } from './shared/lines.js';
import { fail, itemLabel } from './shared/report.js';
import { ItemTally } from './shared/tally.js';

export function readJsonFeed(file: SourceFile): SourceResult {
  const text = withoutBom(file.text);
  const parsed = parseJsonFile(file.path, text, 'fix the JSON at this line, or download or export the feed again');
  if ('error' in parsed) return fail(parsed.error);
  const root = parsed.root;

  if (!isObject(root) || typeof root.version !== 'string' || !/^https?:\/\/jsonfeed\.org\/version\/1(?:\.|\/|$)/.test(root.version)) {
    return fail(
      diagnostic(
        file.path,
        0,
        'not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")',
        'import a JSON Feed 1.0 or 1.1 file; other JSON is not read',
      ),
    );
  }
  if (!Array.isArray(root.items)) {
    return fail(diagnostic(file.path, 0, 'JSON Feed has no "items" list', 'give the feed an "items": [ … ] list'));
  }

  const items = root.items;
  const lines = itemLines(text, items.length);
  const feedAuthor = authorOf(root);
  const diagnostics: Diagnostic[] = [];
  const posts: RawPost[] = [];
  const seenIds = new Set<string>();
  const tally = new ItemTally(file.path);

  items.forEach((item, index) => {
    const line = lines[index] ?? 0;
    const name = itemLabel(index, isObject(item) && typeof item.title === 'string' ? item.title.trim() : undefined);
    const read = readItem(item, feedAuthor);
    if ('problem' in read) {
      tally.add({ ...read.problem, line, label: name });
      return;
    }
    for (const fault of read.faults) tally.add({ ...fault, line, label: name });
    for (const warning of read.warnings) {
      tally.add({ cause: `warning:${warning}`, severity: 'warning', line, label: name, one: `: ${warning}`, many: `: ${warning}` });
    }
    if (seenIds.has(read.id)) {
      tally.add({
        cause: 'repeated-id',
        severity: 'warning',
        line,
        label: name,
        one: `repeats the id "${read.id}" of an earlier item; it is skipped`,
        many: `repeat the id of an earlier item (the first: "${read.id}"); they are skipped`,
        hint: 'give every item its own id',
      });
      return;
    }
    seenIds.add(read.id);
    posts.push({
      source: { file: file.path, format: 'json-feed', line, slot: `guid:${read.id}`, hash: sha256(JSON.stringify(item)) },
      ...read.post,
    });
  });
  return { posts, diagnostics: [...diagnostics, ...tally.diagnostics()].sort((a, b) => a.line - b.line) };
}
