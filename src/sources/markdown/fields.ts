/**
 * Reading the post's fields from the parsed front matter: keys matched
 * without regard to case and under their Jekyll / Hugo / Eleventy names
 * (keys.ts), each checked for its kind of value (text, date, list,
 * true/false), every problem reported at the key's line, and no post
 * without a valid date (from the front matter, else from a Jekyll file name).
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RawPost } from '../../model/raw-post.js';
import { readPostDate } from '../shared/dates.js';
import type { FileName } from './file-name.js';
import { meaningOf, misspeltKey, rankOf } from './keys.js';
import type { FrontMatterKey } from './keys.js';
import type { Field, Value } from './parse.js';

const DATE_HINT = 'write the date as YYYY-MM-DD, YYYY-MM-DD HH:MM (the site\'s time zone) or with an offset: 2019-07-31T10:30:00+01:00';

export type PostFields = Omit<RawPost, 'source' | 'sequence' | 'body'>;

export function readFields(
  path: string,
  fields: readonly Field[],
  openingLine: number,
  fileName: FileName,
): { post: PostFields | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ignoredKeys: string[] = [];
  const byMeaning = new Map<FrontMatterKey, Field[]>();
  for (const field of fields) {
    const meaning = meaningOf(field.key);
    if (meaning === undefined) {
      const misspelt = misspeltKey(path, field);
      if (misspelt) diagnostics.push(misspelt);
      else ignoredKeys.push(field.key);
      continue;
    }
    byMeaning.set(meaning, [...(byMeaning.get(meaning) ?? []), field]);
  }

  const problem = (field: Field, message: string, hint: string): undefined => {
    diagnostics.push(diagnostic(path, field.line, message, hint));
    return undefined;
  };

  /** The field read for a meaning: the preferred alias; the same key twice in other cases is a warning. */
  const pick = (meaning: FrontMatterKey): Field | undefined => {
    const given = [...(byMeaning.get(meaning) ?? [])].sort((a, b) => rankOf(a.key) - rankOf(b.key));
    const first = given[0];
    const twice = first && given.find((f) => f !== first && f.key.toLowerCase() === first.key.toLowerCase());
    if (first && twice) {
      diagnostics.push(diagnostic(path, twice.line, `"${twice.key}" repeats "${first.key}"; only the first is read`, 'give each key once', 'warning'));
    }
    return first;
  };

  const textOf = (field: Field | undefined, what: string): string | undefined => {
    if (!field || field.value.kind === 'absent') return undefined;
    if (field.value.kind !== 'text') {
      return problem(field, `${what} must be text, not ${describe(field.value)}`, `write ${field.key}: followed by text on one line`);
    }
    const trimmed = field.value.text.trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const text = (meaning: FrontMatterKey): string | undefined => textOf(pick(meaning), meaning);

  const dateOf = (field: Field | undefined): string | undefined => {
    const written = textOf(field, 'a date');
    if (!field || written === undefined) return undefined;
    const read = readPostDate(written, { allowLocal: true });
    return read.ok ? read.value : problem(field, `${field.key} "${written}" is not a valid date`, DATE_HINT);
  };

  const names = (field: Field): string[] => {
    if (field.value.kind === 'absent') return [];
    if (field.value.kind === 'text') return splitList(field.value.text);
    if (field.value.kind === 'list' && field.value.items.every((v) => v.kind === 'text' || v.kind === 'absent')) {
      return field.value.items.flatMap((v) => (v.kind === 'text' && v.text.trim() !== '' ? [v.text.trim()] : []));
    }
    problem(field, `${field.key} must be a name or a list of names`, `write ${field.key}: [courts, policy] or ${field.key}: courts, policy`);
    return [];
  };
  const allNames = (meaning: FrontMatterKey): string[] =>
    [...(byMeaning.get(meaning) ?? [])].sort((a, b) => rankOf(a.key) - rankOf(b.key)).flatMap(names);

  const flag = (field: Field | undefined): boolean | undefined => {
    if (!field || field.value.kind === 'absent') return undefined;
    if (field.value.kind === 'text' && /^true$/i.test(field.value.text.trim())) return true;
    if (field.value.kind === 'text' && /^false$/i.test(field.value.text.trim())) return false;
    return problem(field, `${field.key} must be true or false`, `write ${field.key}: true or ${field.key}: false`);
  };

  // `published` is Jekyll's true/false or, for Hugo, another name for the publication date.
  const publishedField = pick('published');
  const publishedIsFlag = publishedField?.value.kind === 'text' && /^(?:true|false)$/i.test(publishedField.value.text.trim());
  const dateField = pick('date') ?? pick('publishDate') ?? (publishedIsFlag ? undefined : publishedField);
  const published = dateOf(dateField) ?? fileName.date;
  const updated = dateOf(pick('updated'));
  const expires = dateOf(pick('expires'));
  const isDraft = flag(pick('draft')) === true || (publishedIsFlag && flag(publishedField) === false);

  const title = text('title');
  const explicitId = text('id');
  const slug = text('slug') ?? fileName.slug;
  const summary = text('summary');
  const author = listOrText(pick('author'), 'author');
  const image = listOrText(pick('image'), 'image', 1);
  const permalink = listOrText(pick('permalink'), 'permalink', 1);
  const themes = unique(allNames('themes').concat(allNames('tags')));

  if (published === undefined && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(
      diagnostic(
        path,
        dateField?.line ?? openingLine,
        dateField ? `${dateField.key} is empty` : 'front matter has no date',
        'add a line date: YYYY-MM-DD to the front matter, or name the file YYYY-MM-DD-title.md',
      ),
    );
  }
  diagnostics.sort((a, b) => a.line - b.line);
  if (diagnostics.some((d) => d.severity === 'error') || published === undefined) {
    return { post: null, diagnostics };
  }

  return {
    post: {
      title: title ?? null,
      published,
      ...(updated !== undefined && { updated }),
      ...(expires !== undefined && { expires }),
      ...(explicitId !== undefined && { explicitId }),
      ...(slug !== undefined && { slug }),
      ...(themes.length > 0 && { themes }),
      ...(summary !== undefined && { summary }),
      ...(author !== undefined && { author }),
      ...(isDraft && { draft: true }),
      ...(permalink !== undefined && { permalink }),
      ...(image !== undefined && { image }),
      ...(ignoredKeys.length > 0 && { ignoredKeys }),
    },
    diagnostics,
  };

  /** Text, or a list of texts joined with ", " (`authors: [A, B]`); `most` keeps only the first ones. */
  function listOrText(field: Field | undefined, what: string, most = Number.MAX_SAFE_INTEGER): string | undefined {
    if (field?.value.kind === 'other') {
      // `author: {name: …}`, `image: {feature: …}`: theme-specific shapes; the post is kept without them
      // (an image quietly: it is not used yet).
      if (what !== 'image') {
        diagnostics.push(diagnostic(path, field.line, `${field.key} is a nested value; it is not read`, `write ${field.key}: followed by text`, 'warning'));
      }
      return undefined;
    }
    if (field?.value.kind !== 'list') return textOf(field, what);
    const items = field.value.items.flatMap((v) => (v.kind === 'text' && v.text.trim() !== '' ? [v.text.trim()] : []));
    return items.length === 0 ? undefined : items.slice(0, most).join(', ');
  }
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
