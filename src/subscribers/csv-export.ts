import { stringify } from 'csv-stringify/sync';
import type { Subscriber } from '../store/store.js';
import { guardFormula } from './csv-formula.js';
import { CSV_COLUMNS } from './csv-import.js';

/**
 * Subscribers as CSV in the shape `subscribers import` reads back: the
 * header (with `withHeader`), then one line per subscriber, themes
 * separated by spaces, every cell a spreadsheet would take for a formula
 * guarded (csv-formula.ts). Pure.
 */
export function subscribersToCsv(subscribers: readonly Subscriber[], withHeader: boolean): string {
  const rows = subscribers.map((s) => [s.email, s.name, s.themes.join(' '), s.status].map(guardFormula));
  return stringify(withHeader ? [[...CSV_COLUMNS], ...rows] : rows, { record_delimiter: 'unix' });
}
