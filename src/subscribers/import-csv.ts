import { diagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { SubscriberStatus, SubscriberStore, UpsertOutcome } from '../store/store.js';
import { SubscriberCsvParser, type CsvRow } from './csv-import.js';
import { csvRecords } from './csv-records.js';

export interface CsvImportReport {
  counts: Record<UpsertOutcome | 'rejected', number>;
}

export interface CsvImportOptions {
  file: string;
  themes: readonly string[];
  defaultStatus: SubscriberStatus;
  /** Errors (rows not imported) and warnings, in line order, as the file is read. */
  report: (d: Diagnostic) => void;
  /** Named when a line holds bytes the file's encoding cannot read. */
  encoding?: () => string;
  /** Rows per store transaction. */
  batchSize?: number;
}

/** Rows per transaction: large enough that commits cost little, small enough that memory stays flat. */
export const IMPORT_BATCH_ROWS = 5_000;

/**
 * `tidings subscribers import`: the good rows of a subscriber CSV into the
 * store, one diagnostic per bad row, read as a stream and applied in
 * batches of IMPORT_BATCH_ROWS rows, each batch in one transaction. An
 * interrupted import so keeps the batches before it; importing the file
 * again is safe (those rows are unchanged). Never removes or reactivates
 * anyone (the store's suppression rule): a row that asks to bring back an
 * address that left gets a warning.
 */
export async function importSubscriberCsv(
  store: Pick<SubscriberStore, 'upsertSubscribers'>,
  text: AsyncIterable<string>,
  options: CsvImportOptions,
): Promise<CsvImportReport> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_ROWS;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`importSubscriberCsv: batchSize must be a whole number above 0, got ${batchSize}`);
  const counts = { created: 0, updated: 0, unchanged: 0, suppressed: 0, rejected: 0 };
  let pending: Diagnostic[] = [];
  const parser = new SubscriberCsvParser(options, (d) => {
    if (d.severity === 'error') counts.rejected += 1;
    pending.push(d);
  });
  let batch: CsvRow[] = [];

  const apply = async () => {
    const results = batch.length === 0 ? [] : await store.upsertSubscribers(batch.map((row) => row.input));
    results.forEach((result, index) => {
      counts[result.outcome] += 1;
      const row = batch[index];
      if (result.outcome === 'suppressed' && row !== undefined) {
        pending.push(
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
    // Every diagnostic still to come is about a later line than these.
    for (const d of pending.sort((a, b) => a.line - b.line)) options.report(d);
    pending = [];
    batch = [];
  };

  for await (const records of csvRecords(text)) {
    for (const row of parser.read(records)) {
      batch.push(row);
      if (batch.length >= batchSize) await apply();
    }
  }
  parser.end();
  await apply();
  return { counts };
}
