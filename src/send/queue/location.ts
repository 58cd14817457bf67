import type { StoreLocation } from '../../store/open.js';

/**
 * Where the send queue is: in the store's own database when the store is
 * PostgreSQL (pg-boss keeps its tables in their own schema there). With a
 * SQLite store there is none and sending is as it always was, unless
 * TIDINGS_QUEUE_URL names a PostgreSQL database: then the workers share
 * the SQLite file, which only works on one host (the tests and the bench
 * use that to run workers before a PostgreSQL store is at hand).
 */
export function queueUrl(location: StoreLocation, environment: { readonly queueUrl?: string }): string | null {
  if (location.kind === 'postgres') return location.url;
  const url = environment.queueUrl ?? '';
  return /^postgres(ql)?:\/\//.test(url) ? url : null;
}
