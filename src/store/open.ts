import path from 'node:path';
import type { Config } from '../config/schema.js';
import { redactUrl } from './postgres/redact-url.js';
import type { Store } from './store.js';

/** Where the store is: a SQLite file (or ':memory:') or a PostgreSQL database. */
export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * The store a config names, relative paths against `rootDir` (the config
 * file's folder): `store.url` when set (postgres://… or sqlite:PATH),
 * otherwise the SQLite file `store.path`.
 */
export function storeLocation(store: Config['store'], rootDir: string): StoreLocation {
  return parseStoreLocation(store.url ?? store.path, rootDir);
}

/** A store URL or path: postgres:// and postgresql:// are PostgreSQL; sqlite:PATH, file: and plain paths are SQLite. */
export function parseStoreLocation(value: string, rootDir: string): StoreLocation {
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  const file = value.startsWith('sqlite:') ? value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : value.startsWith('file:') ? new URL(value).pathname : value;
  return { kind: 'sqlite', path: file === ':memory:' ? ':memory:' : path.resolve(rootDir, file) };
}

/**
 * Opens the store. Each kind's driver is imported here, when a store of that
 * kind is opened: a SQLite site never loads `pg`, a PostgreSQL one never
 * `better-sqlite3` (docs/architecture.md, "Loading only what a command runs").
 */
export async function openStore(location: StoreLocation): Promise<Store> {
  if (location.kind === 'postgres') return (await import('./postgres/index.js')).openPostgresStore(location.url);
  return (await import('./sqlite/index.js')).openSqliteStore(location.path);
}

/** How the store is named in messages: its file, or its database without a password. */
export function describeStoreLocation(location: StoreLocation): string {
  return location.kind === 'sqlite' ? location.path : redactUrl(location.url);
}
