import type Database from 'better-sqlite3';
import type { ImportRun } from '../store.js';
import { pickCounts, rowToImportRun, runLimit, type ImportRunRow } from '../rows/import-run-rows.js';

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
      return newestFirst.all(runLimit(limit) ?? -1).map(rowToImportRun);
    },
  };
}
