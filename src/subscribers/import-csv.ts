import { diagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { SubscriberStatus, SubscriberStore, UpsertOutcome } from '../store/store.js';
import { parseSubscriberCsv } from './csv-import.js';

export interface CsvImportReport {
  counts: Record<UpsertOutcome | 'rejected', number>;
  /** Errors (rows not imported) and warnings, in line order. */
  diagnostics: Diagnostic[];
}

export interface CsvImportOptions {
  file: string;
  themes: readonly string[];
  defaultStatus: SubscriberStatus;
}

/**
 * `tidings subscribers import`: the good rows of a subscriber CSV into the
 * store in one transaction, one diagnostic per bad row. Never removes or
 * reactivates anyone (the store's suppression rule): a row that asks to
 * bring back an address that left gets a warning.
 */
export async function importSubscriberCsv(
  store: Pick<SubscriberStore, 'upsertSubscribers'>,
  text: string,
  options: CsvImportOptions,
): Promise<CsvImportReport> {
  const parsed = parseSubscriberCsv(text, options);
  const results = parsed.rows.length === 0 ? [] : await store.upsertSubscribers(parsed.rows.map((row) => row.input));
  const counts = { created: 0, updated: 0, unchanged: 0, suppressed: 0, rejected: 0 };
  const diagnostics = [...parsed.diagnostics];
  counts.rejected = diagnostics.filter((d) => d.severity === 'error').length;
  results.forEach((result, index) => {
    counts[result.outcome] += 1;
    const row = parsed.rows[index];
    if (result.outcome === 'suppressed' && row !== undefined) {
      diagnostics.push(
        diagnostic(
          options.file,
          row.line,
          `${result.subscriber.email} is ${result.subscriber.status} and stays so`,
          'an address that left the list is never added back by an import',
          'warning',
        ),
      );
    }
  });
  diagnostics.sort((a, b) => a.line - b.line);
  return { counts, diagnostics };
}
