/**
 * Reading the post's fields from the parsed front matter: each known key
 * checked for its kind of value (text, date, list, true/false), every
 * problem reported at the key's line, and no post without a valid date.
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RawPost } from '../../model/raw-post.js';
import { readPostDate } from '../shared/dates.js';
import { isFrontMatterKey, unknownKey } from './keys.js';
import type { FrontMatterKey } from './keys.js';
import type { Field, Value } from './parse.js';

const DATE_HINT = 'write the date as YYYY-MM-DD, or as a date-time with an offset: 2019-07-31T10:30:00+01:00';

export type PostFields = Omit<RawPost, 'source' | 'sequence' | 'body'>;

export function readFields(
  path: string,
  fields: readonly Field[],
  openingLine: number,
): { post: PostFields | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<FrontMatterKey, Field>();
  for (const field of fields) {
    if (isFrontMatterKey(field.key)) {
      byKey.set(field.key, field);
    } else {
      diagnostics.push(unknownKey(path, field));
    }
  }

  const error = (field: Field, message: string, hint: string): undefined => {
    diagnostics.push(diagnostic(path, field.line, message, hint));
    return undefined;
  };

  const text = (key: FrontMatterKey): string | undefined => {
    const field = byKey.get(key);
    if (!field || field.value.kind === 'absent') return undefined;
    if (field.value.kind !== 'text') {
      return error(field, `${key} must be text, not ${describe(field.value)}`, `write ${key}: followed by text on one line`);
    }
    const trimmed = field.value.text.trim();
    return trimmed === '' ? undefined : trimmed;
  };

  const date = (key: 'date' | 'updated'): string | undefined => {
    const field = byKey.get(key);
    const written = text(key);
    if (!field || written === undefined) return undefined;
    const read = readPostDate(written);
    if (read.ok) return read.value;
    return read.reason === 'no-offset'
      ? error(field, `${key} "${written}" has a time but no UTC offset`, 'add the offset, e.g. 2019-07-31T10:30:00+01:00, or give the date alone')
      : error(field, `${key} "${written}" is not a valid date`, DATE_HINT);
  };

  const list = (key: 'themes' | 'tags'): string[] => {
    const field = byKey.get(key);
    if (!field || field.value.kind === 'absent') return [];
    if (field.value.kind === 'text') return splitList(field.value.text);
    if (field.value.kind === 'list' && field.value.items.every((v) => v.kind === 'text' || v.kind === 'absent')) {
      return field.value.items.flatMap((v) => (v.kind === 'text' && v.text.trim() !== '' ? [v.text.trim()] : []));
    }
    error(field, `${key} must be a name or a list of names`, `write ${key}: [courts, policy] or ${key}: courts, policy`);
    return [];
  };

  const draft = (): boolean | undefined => {
    const field = byKey.get('draft');
    if (!field || field.value.kind === 'absent') return undefined;
    if (field.value.kind === 'text' && /^(?:true|True|TRUE)$/.test(field.value.text)) return true;
    if (field.value.kind === 'text' && /^(?:false|False|FALSE)$/.test(field.value.text)) return false;
    return error(field, 'draft must be true or false', 'write draft: true or draft: false');
  };

  const title = text('title');
  const published = date('date');
  const updated = date('updated');
  const explicitId = text('id');
  const slug = text('slug');
  const summary = text('summary');
  const author = text('author');
  const themes = unique([...list('themes'), ...list('tags')]);
  const isDraft = draft();

  const dateField = byKey.get('date');
  if (dateField === undefined || dateField.value.kind === 'absent') {
    diagnostics.push(
      diagnostic(
        path,
        dateField?.line ?? openingLine,
        dateField ? 'date is empty' : 'front matter has no date',
        'add a line date: YYYY-MM-DD to the front matter',
      ),
    );
  }
  if (diagnostics.some((d) => d.severity === 'error') || published === undefined) {
    return { post: null, diagnostics };
  }

  return {
    post: {
      title: title ?? null,
      published,
      ...(updated !== undefined && { updated }),
      ...(explicitId !== undefined && { explicitId }),
      ...(slug !== undefined && { slug }),
      ...(themes.length > 0 && { themes }),
      ...(summary !== undefined && { summary }),
      ...(author !== undefined && { author }),
      ...(isDraft !== undefined && { draft: isDraft }),
    },
    diagnostics,
  };
}

function describe(value: Value): string {
  return value.kind === 'list' ? 'a list' : 'a nested value';
}

/** "courts, family policy" -> ["courts", "family policy"]. */
function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
