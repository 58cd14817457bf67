import type Database from 'better-sqlite3';
import type { ImportCounts, ImportRun } from '../store.js';
import { parseNumberRecord, parseStringArray } from './json-columns.js';

interface ImportRunRow {
  id: number;
  started_at: string;
  finished_at: string;
  counts: string;
  diagnostics: string;
}

const COUNT_KEYS = ['new', 'updated', 'merged', 'unchanged', 'rejected'] as const satisfies readonly (keyof ImportCounts)[];

export interface ImportRuns {
  /** Records a finished import; returns it as listImportRuns will. */
  record(run: Omit<ImportRun, 'id'>): ImportRun;
  /** Newest first; all of them when no limit is given. */
  list(limit?: number): ImportRun[];
}

export function prepareImportRuns(db: Database.Database): ImportRuns {
  const insert = db.prepare<[string, string, string, string]>(
    'INSERT INTO import_runs (started_at, finished_at, counts, diagnostics) VALUES (?, ?, ?, ?)',
  );
  const newestFirst = db.prepare<[number], ImportRunRow>(
    'SELECT id, started_at, finished_at, counts, diagnostics FROM import_runs ORDER BY id DESC LIMIT ?',
  );

  return {
    record(run) {
      const counts = pickCounts(run.counts);
      const diagnostics = [...run.diagnostics];
      const result = insert.run(run.startedAt, run.finishedAt, JSON.stringify(counts), JSON.stringify(diagnostics));
      return { id: Number(result.lastInsertRowid), startedAt: run.startedAt, finishedAt: run.finishedAt, counts, diagnostics };
    },
    list(limit) {
      if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
        throw new RangeError(`limit must be a whole number of 0 or more, not ${limit}`);
      }
      return newestFirst.all(limit ?? -1).map(rowToRun);
    },
  };
}

function pickCounts(counts: ImportCounts): ImportCounts {
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

function rowToRun(row: ImportRunRow): ImportRun {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    // `skipped`, `withdrawn` and `restored` came later: rows written before have none (skipped read as 0).
    counts: { ...parseNumberRecord(row.counts, 'import_runs.counts', COUNT_KEYS), ...laterCounts(row.counts) },
    diagnostics: parseStringArray(row.diagnostics, 'import_runs.diagnostics'),
  };
}
