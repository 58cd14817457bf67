import { pickCounts, rowToImportRun, runLimit, type ImportRunRow } from '../rows/import-run-rows.js';
import type { ImportRun } from '../store.js';
import type { Queryable } from './connection.js';

/** import_runs on PostgreSQL, read and written as SQLite's (rows/import-run-rows.ts). */
export const postgresImportRuns = {
  /** Records a finished import; returns it as listImportRuns will. */
  async record(db: Queryable, run: Omit<ImportRun, 'id'>): Promise<ImportRun> {
    const counts = pickCounts(run.counts);
    const diagnostics = [...run.diagnostics];
    const { rows } = await db.query<{ id: number }>(
      'INSERT INTO import_runs (started_at, finished_at, counts, diagnostics) VALUES ($1, $2, $3, $4) RETURNING id',
      [run.startedAt, run.finishedAt, JSON.stringify(counts), JSON.stringify(diagnostics)],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('import_runs: the insert returned no id');
    return { id, startedAt: run.startedAt, finishedAt: run.finishedAt, counts, diagnostics };
  },

  /** Newest first; all of them when no limit is given. */
  async list(db: Queryable, limit?: number): Promise<ImportRun[]> {
    const { rows } = await db.query<ImportRunRow>(
      'SELECT id, started_at, finished_at, counts, diagnostics FROM import_runs ORDER BY id DESC LIMIT $1',
      [runLimit(limit) ?? null],
    );
    return rows.map(rowToImportRun);
  },
};
