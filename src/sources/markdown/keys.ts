/**
 * The front-matter keys that are read, and the warning for any other key
 * (with a "did you mean" for a near miss such as `titel`).
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Field } from './parse.js';

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
export type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

export function isFrontMatterKey(key: string): key is FrontMatterKey {
  return (FRONT_MATTER_KEYS as readonly string[]).includes(key);
}

export function unknownKey(path: string, field: Field): Diagnostic {
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
