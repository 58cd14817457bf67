/**
 * Reading front-matter values by what they mean: the field chosen among a
 * key's other names, and its value checked for its kind (text, date, names,
 * true/false), each problem reported at the key's line.
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { readPostDate } from '../shared/dates.js';
import { rankOf } from './keys.js';
import type { FrontMatterKey } from './keys.js';
import type { Field, Value } from './parse.js';

const DATE_HINT = "write the date as YYYY-MM-DD, YYYY-MM-DD HH:MM (the site's time zone) or with an offset: 2019-07-31T10:30:00+01:00";

export class FieldValues {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly path: string,
    /** The fields of each meaning, the preferred name first. */
    private readonly byMeaning: ReadonlyMap<FrontMatterKey, readonly Field[]>,
  ) {}

  /** The field read for a meaning: the preferred name; the same key again in another case is a warning. */
  pick(meaning: FrontMatterKey): Field | undefined {
    const given = this.byMeaning.get(meaning);
    const first = given?.[0];
    const again = first && given.find((f) => f !== first && f.key.toLowerCase() === first.key.toLowerCase());
    if (first && again) this.warn(again, `"${again.key}" repeats "${first.key}"; only the first is read`, 'give each key once');
    return first;
  }

  text(field: Field | undefined, what: string = field?.key ?? ''): string | undefined {
    if (!field || field.value.kind === 'absent') return undefined;
    if (field.value.kind !== 'text') {
      return this.error(field, `${what} must be text, not ${describe(field.value)}`, `write ${field.key}: followed by text on one line`);
    }
    const trimmed = field.value.text.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  /**
   * A date; one that is not a date is an error, or, given `fallback` (the
   * date in a Jekyll file name, which Jekyll then uses), a warning.
   */
  date(field: Field | undefined, fallback?: string): string | undefined {
    const written = this.text(field, 'a date');
    if (!field || written === undefined) return undefined;
    const read = readPostDate(written, { allowLocal: true });
    if (read.ok) return read.value;
    const message = `${field.key} "${written}" is not a valid date`;
    if (fallback === undefined) return this.error(field, message, DATE_HINT);
    this.warn(field, `${message}; the date in the file name, ${fallback}, is used`, DATE_HINT);
    return undefined;
  }

  /** Every name given under any name of the meaning (`tags`, `categories`, …), in the order of preference. */
  names(meaning: FrontMatterKey): string[] {
    return (this.byMeaning.get(meaning) ?? []).flatMap((field) => {
      if (field.value.kind === 'absent') return [];
      if (field.value.kind === 'text') return splitList(field.value.text);
      if (field.value.kind === 'list' && field.value.items.every((v) => v.kind === 'text' || v.kind === 'absent')) {
        return texts(field.value.items);
      }
      this.error(field, `${field.key} must be a name or a list of names`, `write ${field.key}: [courts, policy] or ${field.key}: courts, policy`);
      return [];
    });
  }

  flag(field: Field | undefined): boolean | undefined {
    if (!field || field.value.kind === 'absent') return undefined;
    const written = field.value.kind === 'text' ? field.value.text.trim().toLowerCase() : '';
    if (written === 'true' || written === 'false') return written === 'true';
    return this.error(field, `${field.key} must be true or false`, `write ${field.key}: true or ${field.key}: false`);
  }

  /**
   * Text, or a list of texts joined with ", " (`authors: [A, B]`); `most`
   * keeps only the first ones. A nested value (`author: {name: …}`, as some
   * themes write it) is not read: a warning, unless `quiet`.
   */
  textOrList(field: Field | undefined, options: { most?: number; quiet?: boolean } = {}): string | undefined {
    if (field?.value.kind === 'other') {
      if (options.quiet !== true) this.warn(field, `${field.key} is a nested value; it is not read`, `write ${field.key}: followed by text`);
      return undefined;
    }
    if (field?.value.kind !== 'list') return this.text(field);
    const items = texts(field.value.items);
    return items.length === 0 ? undefined : items.slice(0, options.most).join(', ');
  }

  error(field: Field | undefined, message: string, hint: string): undefined {
    this.diagnostics.push(diagnostic(this.path, field?.line ?? 1, message, hint));
    return undefined;
  }

  private warn(field: Field, message: string, hint: string): void {
    this.diagnostics.push(diagnostic(this.path, field.line, message, hint, 'warning'));
  }
}

/** Fields grouped by meaning, each group in the order its names are preferred. */
export function groupByMeaning(fields: readonly (Field & { meaning: FrontMatterKey })[]): Map<FrontMatterKey, Field[]> {
  const groups = new Map<FrontMatterKey, Field[]>();
  for (const field of fields) {
    const group = groups.get(field.meaning);
    if (group) group.push(field);
    else groups.set(field.meaning, [field]);
  }
  for (const group of groups.values()) if (group.length > 1) group.sort((a, b) => rankOf(a.key) - rankOf(b.key));
  return groups;
}

function texts(items: readonly Value[]): string[] {
  return items.flatMap((v) => (v.kind === 'text' && v.text.trim() !== '' ? [v.text.trim()] : []));
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
