import type { Queryable } from './connection.js';

/** Below this many new subscribers in one batch, the planner's statistics are left to autovacuum. */
const MANY = 1_000;

/**
 * Gives the planner statistics for `subscribers` right after a batch that
 * added more rows than its statistics know of (a first import, typically):
 * without them PostgreSQL guesses a status matches a few dozen rows and
 * pages a status by a bitmap scan and a sort of every later row, so that
 * walking 100,000 active subscribers took 8-9 s instead of about 1 (autovacuum
 * would analyze the table too, but up to a minute later, when a send may
 * already be walking it). At most one ANALYZE per import of a new list;
 * a failed one (the role may not own the table) changes no answer, only a
 * plan, and is let go.
 */
export async function analyzeAfterGrowth(db: Queryable, created: number): Promise<void> {
  if (created < MANY) return;
  try {
    const known = (await db.query<{ rows: number }>("SELECT reltuples AS rows FROM pg_class WHERE oid = 'subscribers'::regclass")).rows[0]?.rows ?? 0;
    if (known < created) await db.query('ANALYZE subscribers');
  } catch {
    // Statistics are the planner's business: without them pages are slower, never wrong.
  }
}
