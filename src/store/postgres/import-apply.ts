import { checkBatch } from '../sqlite/batch-check.js';
import type { ImportBatch, ImportRun } from '../store.js';
import type { Db } from './connection.js';
import { postgresImportRuns } from './import-runs.js';
import { postsToWrite, writePosts } from './post-writes.js';
import { postgresSourceFiles } from './source-files.js';
import { postgresWithdrawals } from './withdrawals.js';

/**
 * Imports take turns, as under SQLite's one writer: a transaction-scoped
 * advisory lock, so that two imports never interleave their source moves
 * and the second reads what the first committed. Readers never wait on it.
 */
const IMPORT_LOCK = "SELECT pg_advisory_xact_lock(hashtext('tidings: applyImport'))";

/**
 * Applies a whole import in one transaction, then records it as an import
 * run: nothing of a failed batch is left behind. Every post is checked (and
 * turned into its columns) before the transaction opens; the writes are in
 * bulk, a few statements per thousand posts (post-writes.ts).
 */
export async function applyPostgresImport(db: Db, batch: ImportBatch): Promise<ImportRun> {
  checkBatch(batch);
  const posts = postsToWrite(batch.upsert);
  const withdraw = [...(batch.withdraw ?? [])];
  const restore = [...(batch.restore ?? [])];
  const forget = [...(batch.forgetFiles ?? [])];
  const files = new Map(batch.sourceFiles);
  const counts = { ...batch.counts };
  const diagnostics = [...batch.diagnostics];
  return db.transaction(async (client) => {
    await client.query(IMPORT_LOCK);
    await writePosts(client, posts, batch.startedAt);
    await postgresWithdrawals.withdrawAll(client, withdraw);
    await postgresWithdrawals.restoreAll(client, restore);
    const finishedAt = new Date().toISOString();
    await postgresSourceFiles.forget(client, forget);
    await postgresSourceFiles.put(client, files, finishedAt);
    return postgresImportRuns.record(client, { startedAt: batch.startedAt, finishedAt, counts, diagnostics });
  });
}
