import type { ImportCounts, ImportRun } from '../store.js';
import { parseNumberRecord, parseStringArray } from '../sqlite/json-columns.js';

/** An import_runs row, as both dialects read it. */
export interface ImportRunRow {
  id: number;
  started_at: string;
  finished_at: string;
  counts: string;
  diagnostics: string;
}

const COUNT_KEYS = ['new', 'updated', 'merged', 'unchanged', 'rejected'] as const satisfies readonly (keyof ImportCounts)[];

/** The counts an import run records: the known ones, `withdrawn` and `restored` only when not 0. */
export function pickCounts(counts: ImportCounts): ImportCounts {
  return {
    new: counts.new,
    updated: counts.updated,
    merged: counts.merged,
    unchanged: counts.unchanged,
    rejected: counts.rejected,
    skipped: counts.skipped,
    ...(counts.withdrawn ? { withdrawn: counts.withdrawn } : {}),
    ...(counts.restored ? { restored: counts.restored } : {}),
  };
}

/** Counts that came later than the first five: read when present (a number), else absent (skipped: 0). */
function laterCounts(json: string): Pick<ImportCounts, 'skipped' | 'withdrawn' | 'restored'> {
  const value = JSON.parse(json) as Record<string, unknown>;
  const later: Pick<ImportCounts, 'skipped' | 'withdrawn' | 'restored'> = { skipped: typeof value.skipped === 'number' ? value.skipped : 0 };
  if (typeof value.withdrawn === 'number') later.withdrawn = value.withdrawn;
  if (typeof value.restored === 'number') later.restored = value.restored;
  return later;
}

export function rowToImportRun(row: ImportRunRow): ImportRun {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    // `skipped`, `withdrawn` and `restored` came later: rows written before have none (skipped read as 0).
    counts: { ...parseNumberRecord(row.counts, 'import_runs.counts', COUNT_KEYS), ...laterCounts(row.counts) },
    diagnostics: parseStringArray(row.diagnostics, 'import_runs.diagnostics'),
  };
}

/** A limit on how many runs to list: a whole number of 0 or more. */
export function runLimit(limit: number | undefined): number | undefined {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new RangeError(`limit must be a whole number of 0 or more, not ${limit}`);
  }
  return limit;
}
