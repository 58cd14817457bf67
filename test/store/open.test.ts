import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { parseStoreLocation, storeLocation } from '../../src/store/open.js';

describe('where the store is', () => {
  it('reads postgres:// and postgresql:// as PostgreSQL, and sqlite:, file: and plain paths as SQLite against the config folder', () => {
    expect(parseStoreLocation('postgres://u:p@db:5432/tidings', '/site')).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/tidings' });
    expect(parseStoreLocation('postgresql://db/tidings', '/site')).toEqual({ kind: 'postgres', url: 'postgresql://db/tidings' });
    expect(parseStoreLocation('sqlite:data/t.db', '/site')).toEqual({ kind: 'sqlite', path: '/site/data/t.db' });
    expect(parseStoreLocation('sqlite:///var/t.db', '/site')).toEqual({ kind: 'sqlite', path: '/var/t.db' });
    expect(parseStoreLocation('file:///var/t.db', '/site')).toEqual({ kind: 'sqlite', path: '/var/t.db' });
    expect(parseStoreLocation('.tidings/tidings.db', '/site')).toEqual({ kind: 'sqlite', path: '/site/.tidings/tidings.db' });
    expect(parseStoreLocation(':memory:', '/site')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('takes TIDINGS_STORE_URL over the config: a postgres URL as store.url, a path as store.path', async () => {
    const onPostgres = await loadConfig({ cwd: '/nonexistent', env: { TIDINGS_STORE_URL: 'postgres://db/tidings' } });
    expect(storeLocation(onPostgres.config.store, onPostgres.rootDir)).toEqual({ kind: 'postgres', url: 'postgres://db/tidings' });
    const onFile = await loadConfig({ cwd: '/nonexistent', env: { TIDINGS_STORE_URL: '/tmp/x.db' } });
    expect(storeLocation(onFile.config.store, onFile.rootDir)).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
  });
});
