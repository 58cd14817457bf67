import pg from 'pg';

/** What a query runs on: the pool (its own transaction per statement) or one client inside `transaction`. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<pg.QueryResult<R>>;
}

/** One PostgreSQL database: a kept pool of connections, and transactions over one of them. */
export interface Db extends Queryable {
  readonly pool: pg.Pool;
  /**
   * Runs `fn` in one transaction on one connection: committed when it
   * resolves, rolled back when it throws. A serialization failure or a
   * deadlock (another transaction got there first) is retried whole, a few
   * times, so callers write each batch as if alone.
   */
  transaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** int8 (BIGINT, count(*)) as a number: the *_ms instants and counts stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 5;

export function openPool(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client's error (the server restarted) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  return {
    pool,
    query: (sql, params) => pool.query(sql, params as unknown[] | undefined),
    async transaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt += 1) {
        const client = await pool.connect();
        // A connection whose ROLLBACK failed (the server went away) is dropped, not handed to the next caller.
        let broken = false;
        try {
          await client.query('BEGIN');
          const result = await fn({ query: (sql, params) => client.query(sql, params as unknown[] | undefined) });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          const code = (error as { code?: string }).code;
          if (code === undefined || !RETRYABLE.has(code) || attempt >= ATTEMPTS) throw error;
        } finally {
          client.release(broken);
        }
      }
    },
    close: () => pool.end(),
  };
}

/** The URL with any password replaced, for messages (its own file: store/open.ts names a store without loading pg). */
export { redactUrl } from './redact-url.js';
