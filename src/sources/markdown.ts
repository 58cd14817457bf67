/**
 * The Markdown source adapter: one post per file, YAML front matter between
 * `---` lines, the rest of the file is the body (rendered later).
 *
 * The front matter is read with the `yaml` package's failsafe schema: every
 * value stays the text the author wrote (`id: 0042` stays "0042", a date
 * stays "2019-07-31" and `2019-02-31` is caught instead of becoming 3 March),
 * nothing is ever evaluated (`---js` front matter is not front matter), and
 * every key keeps its line for diagnostics.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { diagnostic } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RawPost, SourceFile, SourceResult } from '../model/raw-post.js';

export const FRONT_MATTER_KEYS = [
  'title',
  'date',
  'updated',
  'id',
  'slug',
  'themes',
  'tags',
  'summary',
  'draft',
  'author',
] as const;
type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

const DATE_HINT = 'write the date as YYYY-MM-DD, or as a date-time with an offset: 2019-07-31T10:30:00+01:00';

export function readMarkdown(file: SourceFile): SourceResult {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  const split = splitFrontMatter(text);
  if (split.kind === 'none') {
    return fail(
      diagnostic(
        file.path,
        1,
        'no front matter, so no date',
        'start the file with a line ---, then date: YYYY-MM-DD (and title: …), then a line ---',
      ),
    );
  }
  if (split.kind === 'not-yaml') {
    return fail(
      diagnostic(
        file.path,
        1,
        `front matter in "${split.language}" is not read (it is never run as code)`,
        'write the front matter in YAML, between two lines containing only ---',
      ),
    );
  }
  if (split.kind === 'unterminated') {
    return fail(
      diagnostic(file.path, 1, 'front matter is not closed', 'end the front matter with a line containing only ---'),
    );
  }

  const parsed = parseFrontMatter(file.path, split.yaml, split.yamlLine);
  if (parsed.fields === null) return { posts: [], diagnostics: parsed.diagnostics };

  const read = readFields(file.path, parsed.fields, split.yamlLine - 1);
  const diagnostics = [...parsed.diagnostics, ...read.diagnostics];
  if (read.post === null) return { posts: [], diagnostics };

  const post: RawPost = {
    source: { file: file.path, format: 'markdown', line: 1, slot: 'file', hash: sha256(file.text) },
    ...read.post,
    sequence: 0,
    body: { kind: 'markdown', markdown: split.body },
  };
  return { posts: [post], diagnostics };
}

// ---------------------------------------------------------------- splitting

type Split =
  | { kind: 'none' }
  | { kind: 'not-yaml'; language: string }
  | { kind: 'unterminated' }
  | { kind: 'block'; yaml: string; /** file line of the YAML's first line */ yamlLine: number; body: string };

function splitFrontMatter(text: string): Split {
  const open = /^---[ \t]*(?:ya?ml[ \t]*)?(?:\r?\n|$)/i.exec(text);
  if (!open) {
    // `---js` / `---coffee` front matter: some front-matter readers evaluate it as code; it is never read here.
    const language = /^---[ \t]*([A-Za-z]+)[ \t]*\r?\n/.exec(text)?.[1];
    return language === undefined ? { kind: 'none' } : { kind: 'not-yaml', language };
  }
  const rest = text.slice(open[0].length);
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m.exec(rest);
  if (!close) return { kind: 'unterminated' };
  return {
    kind: 'block',
    yaml: rest.slice(0, close.index),
    yamlLine: 2,
    body: rest.slice(close.index + close[0].length),
  };
}

// ------------------------------------------------------------- YAML parsing

/** A front-matter value, as written: text, a list, or something else. */
type Value = { kind: 'absent' } | { kind: 'text'; text: string } | { kind: 'list'; items: Value[] } | { kind: 'other' };

interface Field {
  key: string;
  line: number;
  value: Value;
}

function parseFrontMatter(
  path: string,
  yaml: string,
  yamlLine: number,
): { fields: Field[] | null; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { schema: 'failsafe', lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line + yamlLine - 1;

  const firstError = doc.errors[0];
  if (firstError) {
    return {
      fields: null,
      diagnostics: [
        diagnostic(
          path,
          lineOf(firstError.pos[0]),
          `front matter is not valid YAML: ${firstLine(firstError.message)}`,
          yamlHint(firstError.code),
        ),
      ],
    };
  }
  const warnings = doc.warnings.map((w) =>
    diagnostic(path, lineOf(w.pos[0]), `front matter: ${firstLine(w.message)}`, undefined, 'warning'),
  );

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && isNullish(contents.value, contents.type))) {
    return { fields: [], diagnostics: warnings };
  }
  if (!isMap(contents)) {
    return {
      fields: null,
      diagnostics: [
        ...warnings,
        diagnostic(path, yamlLine, 'front matter is not a list of key: value lines', 'write one key: value per line'),
      ],
    };
  }

  const fields: Field[] = [];
  for (const pair of contents.items) {
    const key = pair.key;
    const line = isScalar(key) && key.range ? lineOf(key.range[0]) : yamlLine;
    if (!isScalar(key)) {
      warnings.push(diagnostic(path, line, 'front matter has a key that is not a name; it is ignored', undefined, 'warning'));
      continue;
    }
    fields.push({ key: String(key.value), line, value: toValue(pair.value, doc, 0) });
  }
  return { fields, diagnostics: warnings };
}

function toValue(node: unknown, doc: Document, depth: number): Value {
  if (node === null || node === undefined) return { kind: 'absent' };
  if (isAlias(node)) return depth > 0 ? { kind: 'other' } : toValue(node.resolve(doc), doc, depth + 1);
  if (isScalar(node)) {
    return isNullish(node.value, node.type) ? { kind: 'absent' } : { kind: 'text', text: String(node.value) };
  }
  if (isSeq(node)) {
    // Only one level: a list of lists is not a front-matter value (and alias bombs stay unexpanded).
    return depth > 1
      ? { kind: 'other' }
      : { kind: 'list', items: node.items.map((item) => toValue(item, doc, depth + 2)) };
  }
  return { kind: 'other' };
}

function isNullish(value: unknown, type: string | undefined): boolean {
  if (value === null || value === undefined || value === '') return true;
  return type === 'PLAIN' && /^(?:~|null|Null|NULL)$/.test(String(value));
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '').trim() ?? message;
}

function yamlHint(code: string): string {
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') {
    return 'put a value that contains ": " in quotes, e.g. title: "Courts: a review"';
  }
  if (code === 'DUPLICATE_KEY') return 'give each key only once';
  if (code === 'TAB_AS_INDENT') return 'indent with spaces, not tabs';
  return 'fix the YAML on this line; values containing ":", "#", "[" or "{" need quotes';
}

// ------------------------------------------------------------ field reading

type PostFields = Omit<RawPost, 'source' | 'sequence' | 'body'>;

function readFields(
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

function isFrontMatterKey(key: string): key is FrontMatterKey {
  return (FRONT_MATTER_KEYS as readonly string[]).includes(key);
}

function unknownKey(path: string, field: Field): Diagnostic {
  const typed = field.key.toLowerCase();
  const close = FRONT_MATTER_KEYS.find((known) => {
    const distance = editDistance(known, typed);
    return distance <= 2 && distance < typed.length / 2;
  });
  const allowed = `the keys read are: ${FRONT_MATTER_KEYS.join(', ')}`;
  return diagnostic(
    path,
    field.line,
    `unknown front-matter key "${field.key}" is ignored`,
    close ? `did you mean "${close}"? ${allowed}` : allowed,
    'warning',
  );
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

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// ------------------------------------------------------------------- dates

export type DateReading = { ok: true; value: string } | { ok: false; reason: 'invalid' | 'no-offset' };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?[ \t]*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads a post date as an author or a feed wrote it. `YYYY-MM-DD` stays as
 * it is (a calendar date); a date-time must carry an offset (`Z`, `+01:00`,
 * `+0100`) and comes back as ISO 8601 with that offset kept
 * (`2019-07-31 10:30:00 +0100` -> `2019-07-31T10:30:00+01:00`).
 * Impossible dates (`2019-02-31`) and free text (`yesterday`) are invalid.
 */
export function readPostDate(written: string): DateReading {
  const text = written.trim();
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const valid = DateTime.fromObject(
      { year: Number(dateOnly[1]), month: Number(dateOnly[2]), day: Number(dateOnly[3]) },
      { zone: 'utc' },
    ).isValid;
    return valid ? { ok: true, value: text } : { ok: false, reason: 'invalid' };
  }
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) return { ok: false, reason: 'invalid' };
  const [, day, hours, minutes, seconds, fraction, offset] = dateTime;
  if (offset === undefined) {
    const withoutOffset = DateTime.fromISO(`${day}T${hours}:${minutes}:${seconds ?? '00'}`, { zone: 'utc' });
    return { ok: false, reason: withoutOffset.isValid ? 'no-offset' : 'invalid' };
  }
  const iso = `${day}T${hours}:${minutes}:${seconds ?? '00'}${fraction ?? ''}${normaliseOffset(offset)}`;
  return DateTime.fromISO(iso, { setZone: true }).isValid ? { ok: true, value: iso } : { ok: false, reason: 'invalid' };
}

function normaliseOffset(offset: string): string {
  if (offset === 'Z' || offset === 'z') return 'Z';
  const digits = offset.slice(1).replace(':', '');
  return `${offset.charAt(0)}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

// ------------------------------------------------------------------ helpers

function fail(d: Diagnostic): SourceResult {
  return { posts: [], diagnostics: [d] };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
