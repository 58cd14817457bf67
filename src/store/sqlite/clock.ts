import { instantMs } from '../rows/post-rows.js';

/** An instant as the store writes it (toISOString) and in ms: `given` when a caller passed one, else the clock. */
export function instant(given?: string, what = 'now'): { iso: string; ms: number } {
  const ms = given === undefined ? Date.now() : instantMs(given, what);
  return { iso: new Date(ms).toISOString(), ms };
}

/** A page size or offset: a whole number of 0 or more. */
export function wholeNumber(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a whole number of 0 or more, not ${value}`);
  }
  return value;
}
