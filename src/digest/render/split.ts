import type { Slot, Tokens } from './tokens.js';
import { SLOTS } from './tokens.js';

/**
 * A rendered text cut at its placeholders, once, so that filling it in for
 * a recipient is a join of string parts: no search, no regular expression.
 * `parts` has one more element than `slots`.
 */
export interface SplitText {
  readonly parts: readonly string[];
  /** Index into SLOTS of the value that goes between parts[i] and parts[i + 1]. */
  readonly slots: readonly number[];
}

/** Cuts `text` at every marker of `tokens`. */
export function splitAt(text: string, tokens: Tokens): SplitText {
  const found: { at: number; slot: number; length: number }[] = [];
  SLOTS.forEach((slot: Slot, index) => {
    const token = tokens[slot];
    for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length)) found.push({ at, slot: index, length: token.length });
  });
  found.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  const slots: number[] = [];
  let from = 0;
  for (const f of found) {
    parts.push(text.slice(from, f.at));
    slots.push(f.slot);
    from = f.at + f.length;
  }
  parts.push(text.slice(from));
  return { parts, slots };
}

/** The text with `values[slot]` in each place. */
export function joinSplit(split: SplitText, values: readonly string[]): string {
  const { parts, slots } = split;
  let out = parts[0] ?? '';
  for (let i = 0; i < slots.length; i++) out += (values[slots[i] ?? 0] ?? '') + (parts[i + 1] ?? '');
  return out;
}

/** How many times slot `slot` occurs. */
export function slotCount(split: SplitText, slot: Slot): number {
  const index = SLOTS.indexOf(slot);
  return split.slots.filter((s) => s === index).length;
}
