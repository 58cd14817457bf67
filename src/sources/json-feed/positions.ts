/**
 * Lines in the JSON text, for diagnostics: the line of a JSON.parse error,
 * and the line where each element of the top-level "items" array starts;
 * and the parse itself, with its one error.
 */
import { diagnostic, type Diagnostic } from '../../model/diagnostic.js';
import { lineAt, linesAt } from '../shared/lines.js';
import type { Json } from './json.js';

/** The line of a JSON.parse error, from "at position N" (Node 20) or "(line N column M)" (newer). */
export function syntaxErrorLine(text: string, message: string): number {
  const explicit = /line (\d+) column \d+/.exec(message);
  if (explicit) return Number(explicit[1]);
  const position = /at position (\d+)/.exec(message);
  if (position) return lineAt(text, Number(position[1]));
  return /Unexpected end of JSON input/.test(message) ? lineAt(text, text.length) : 0;
}

/** The 1-based line of each of the `count` items, or zeros when the items cannot be located. */
export function itemLines(text: string, count: number): number[] {
  const offsets = itemOffsets(text);
  return offsets.length === count ? linesAt(text, offsets) : new Array<number>(count).fill(0);
}

/**
 * The offset where each element of the top-level "items" array starts, by a
 * single pass over (already validated) JSON text.
 */
function itemOffsets(text: string): number[] {
  let offsets: number[] = [];
  let depth = 0;
  let lastString = '';
  let key = '';
  let itemsDepth = -1;
  let awaitingItem = false;

  for (let at = 0; at < text.length; at += 1) {
    const c = text.charAt(at);
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === itemsDepth && awaitingItem && c !== ']') {
      offsets.push(at);
      awaitingItem = false;
    }
    if (c === '"') {
      const end = endOfString(text, at);
      if (depth === 1) lastString = text.slice(at + 1, end);
      at = end;
    } else if (c === ':') {
      if (depth === 1) key = lastString;
    } else if (c === '{' || c === '[') {
      depth += 1;
      if (c === '[' && depth === 2 && key === 'items') {
        itemsDepth = 2;
        awaitingItem = true;
        offsets = [];
      }
    } else if (c === '}' || c === ']') {
      if (depth === itemsDepth) itemsDepth = -1;
      if (depth === 2) key = '';
      depth -= 1;
    } else if (c === ',') {
      if (depth === itemsDepth) awaitingItem = true;
      if (depth === 1) key = '';
    }
  }
  return offsets;
}

function endOfString(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at += 1) {
    const c = text.charAt(at);
    if (c === '\\') at += 1;
    else if (c === '"') return at;
  }
  return text.length;
}

/** The file's JSON, or the one error a file that is not valid JSON gets (at the line of the syntax error, with `hint`). */
export function parseJsonFile(path: string, text: string, hint: string): { root: Json } | { error: Diagnostic } {
  try {
    return { root: JSON.parse(text) as Json };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: diagnostic(path, syntaxErrorLine(text, message), `not valid JSON: ${message}`, hint) };
  }
}
