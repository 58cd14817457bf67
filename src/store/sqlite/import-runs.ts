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
  };
}

function rowToRun(row: ImportRunRow): ImportRun {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    // `skipped` came later: rows written before it have none, read as 0.
    counts: { skipped: 0, ...parseNumberRecord(row.counts, 'import_runs.counts', COUNT_KEYS) },
    diagnostics: parseStringArray(row.diagnostics, 'import_runs.diagnostics'),
  };
}
