import type { Store } from '../store.js';
import type { Db } from './connection.js';
import { postgresPosts } from './posts.js';
import { postgresRunsInbound } from './runs-inbound.js';
import { postgresSendLog } from './send-log.js';
import { postgresSignupLimits } from './signup-limits.js';
import { postgresSubscribers } from './subscribers.js';

/**
 * The Store over one migrated PostgreSQL database. Unlike SQLite's, every
 * method awaits the server: a batch is one `db.transaction`, and a
 * read-modify-write is a conditional update or holds a row lock
 * (SELECT … FOR UPDATE), never a read then a blind write.
 */
export function createPostgresStore(db: Db): Store {
  return {
    ...postgresPosts(db),
    ...postgresSubscribers(db),
    ...postgresSendLog(db),
    ...postgresRunsInbound(db),
    ...postgresSignupLimits(db),
    close: () => db.close(),
  };
}
