import type { PostUrlChange } from '../store.js';
import type { Db } from './connection.js';
import { applyPostgresImport } from './import-apply.js';
import { postgresImportRuns } from './import-runs.js';
import type { PostPart } from './parts.js';
import { refreshPostgresPeriodKeys } from './post-periods.js';
import { postgresPostReads } from './post-reads.js';
import { setPostgresPostUrls } from './post-urls.js';
import { postgresSourceFiles } from './source-files.js';
import { postgresWithdrawals } from './withdrawals.js';

/**
 * Posts, their sources, themes and period keys, withdrawals, addresses and
 * import runs, on PostgreSQL: the same behaviour as the SQLite store (the
 * Store contract runs on both), with every write one transaction or one
 * statement whose outcome the server decides.
 */
export function postgresPosts(db: Db): PostPart {
  const reads = postgresPostReads(db);
  return {
    sourceFiles: (paths) => postgresSourceFiles.all(db, paths),
    postsPerSourceFile: (paths) => postgresSourceFiles.postCounts(db, paths),
    async contentVersion() {
      // How many changes, and the newest: a change committed late with an older id still moves the count.
      const { rows } = await db.query<{ n: string; newest: string | null }>('SELECT count(*) AS n, max(id) AS newest FROM content_changes');
      return `${rows[0]?.n ?? 0}:${rows[0]?.newest ?? 0}`;
    },
    postIndex: () => reads.index(),
    getPost: (id) => reads.get(id),
    getPosts: (ids) => reads.getMany(ids),
    listPosts: async (query = {}) => reads.list(query),
    countPosts: async (query = {}) => reads.count(query),
    postImportTimes: () => reads.importTimes(),
    refreshPeriodKeys: (zone, keysAt) => refreshPostgresPeriodKeys(db, zone, keysAt),
    applyImport: async (batch) => applyPostgresImport(db, batch),
    listImportRuns: async (limit) => postgresImportRuns.list(db, limit),
    withdrawPost: (id, withdrawal, options = {}) => postgresWithdrawals.withdraw(db, id, withdrawal, options.replace ?? false),
    restorePost: (id) => postgresWithdrawals.restore(db, id),
    setPostUrls: (changes: readonly PostUrlChange[]) => setPostgresPostUrls(db, changes),
  };
}
