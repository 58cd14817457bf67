/**
 * Parsing the front matter's YAML into key/value fields.
 *
 * The front matter is read with the `yaml` package's failsafe schema: every
 * value stays the text the author wrote (`id: 0042` stays "0042", a date
 * stays "2019-07-31" and `2019-02-31` is caught instead of becoming 3 March),
 * nothing is ever evaluated (`---js` front matter is not front matter), and
 * every key keeps its line for diagnostics.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';

/** A front-matter value, as written: text, a list, or something else. */
export type Value = { kind: 'absent' } | { kind: 'text'; text: string } | { kind: 'list'; items: Value[] } | { kind: 'other' };

export interface Field {
  key: string;
  line: number;
  value: Value;
}

export function parseFrontMatter(
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
