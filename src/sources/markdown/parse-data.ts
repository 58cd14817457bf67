/**
 * TOML (`+++`) and JSON (`{ ... }`) front matter into the same key/value
 * fields as YAML's. TOML is read with smol-toml: its errors carry the line,
 * reported at the file's line. A TOML date comes back as the text of its ISO
 * form, without an offset when the author wrote none (a local date-time,
 * read later in the site's time zone), never shifted to UTC.
 */
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { lineAt } from '../shared/lines.js';
import type { Field, Value } from './parse.js';

type Parsed = { fields: Field[] | null; diagnostics: Diagnostic[] };

export function parseTomlFrontMatter(path: string, toml: string, tomlLine: number): Parsed {
  let data: Record<string, unknown>;
  try {
    data = parseToml(toml);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const reason = err.message.split('\n')[0]?.replace(/^Invalid TOML document:\s*/, '') ?? 'invalid';
    return {
      fields: null,
      diagnostics: [
        diagnostic(path, err.line + tomlLine - 1, `front matter is not valid TOML: ${reason}`, 'write one key = value per line; text values need quotes: title = "Courts: a review"'),
      ],
    };
  }
  return { fields: toFields(data, toml, tomlLine, /^[ \t]*["']?KEY["']?[ \t]*=/), diagnostics: [] };
}

export function parseJsonFrontMatter(path: string, json: string, jsonLine: number): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? jsonLine : lineAt(json, Number(position)) + jsonLine - 1;
    return {
      fields: null,
      diagnostics: [diagnostic(path, line, `front matter is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, 'check the quotes and commas of the { ... } object at the top of the file')],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { fields: null, diagnostics: [diagnostic(path, jsonLine, 'front matter is not a JSON object', 'write it as { "title": "…", "date": "…" }')] };
  }
  return { fields: toFields(data as Record<string, unknown>, json, jsonLine, /^\s*\{?\s*"KEY"\s*:/), diagnostics: [] };
}

/** Top-level keys as fields, each at the first line that names it (`KEY` in `pattern` stands for the key). */
function toFields(data: Record<string, unknown>, text: string, firstLine: number, pattern: RegExp): Field[] {
  const lines = text.split('\n');
  return Object.entries(data).map(([key, value]) => {
    const named = new RegExp(pattern.source.replace('KEY', escapeRegExp(key)));
    const index = lines.findIndex((line) => named.test(line));
    return { key, line: (index < 0 ? 0 : index) + firstLine, value: toValue(value, 0) };
  });
}

function toValue(value: unknown, depth: number): Value {
  if (value === null || value === undefined || value === '') return { kind: 'absent' };
  if (value instanceof TomlDate) return { kind: 'text', text: value.toISOString() };
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'text', text: String(value) };
  // Only one level: a list of lists (or of tables) is not a front-matter value.
  if (Array.isArray(value)) return depth > 0 ? { kind: 'other' } : { kind: 'list', items: value.map((item) => toValue(item, depth + 1)) };
  return { kind: 'other' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
