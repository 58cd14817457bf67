import type { TestProject } from 'vitest/node';
import { postgresBinaries, startPostgres, type PostgresServer } from './helpers/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL superuser URL for the run, or '' when there is no server (the PostgreSQL tests then skip, except in CI). */
    postgresUrl: string;
  }
}

/**
 * Once per test run: the PostgreSQL server the PostgreSQL tests use.
 * TIDINGS_TEST_POSTGRES_URL names one already running; otherwise, when
 * Debian's postgresql is installed, one is started for the run on a
 * loopback port and stopped after it. Each test database is made fresh
 * from it (helpers/postgres.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TIDINGS_TEST_POSTGRES_URL;
  let server: PostgresServer | undefined;
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
  } else {
    const bin = postgresBinaries();
    if (bin !== undefined) server = await startPostgres(bin);
    project.provide('postgresUrl', server?.url ?? '');
  }
  return async () => {
    await server?.stop();
  };
}
