import { loadAppConfig } from '../app/config.js';
import { EXIT_OK, InputError, UsageError } from '../errors.js';
import { copySqliteToPostgres, type CopyReport } from '../store/copy/copy-store.js';
import { describeStoreLocation, parseStoreLocation, storeLocation, type StoreLocation } from '../store/open.js';
import { applyStoreMigrations, pendingStoreMigrations, SCHEMA_VERSION, type SchemaStep } from '../store/schema-migrations.js';
import type { CommandContext } from './main.js';

export interface MigrateFlags {
  dryRun?: boolean;
  from?: string;
}


/** What `tidings migrate` runs (imported by migrate.ts only when the command runs). */
export async function migrateCommand(ctx: CommandContext, flags: MigrateFlags): Promise<number> {
  const configFile = ctx.configFile();
  // The config without opening the store: migrate opens it itself, to say what it applies (or, with --dry-run, would).
  const loaded = await loadAppConfig({ cwd: ctx.io.cwd, env: ctx.io.env, ...(configFile ? { configFile } : {}) });
  const location = storeLocation(loaded.config.store, loaded.rootDir);
  if (flags.from !== undefined) return copyCommand(ctx, flags.from, location, flags.dryRun === true);
  const name = describeStoreLocation(location);
  if (flags.dryRun === true) {
    const pending = await pendingStoreMigrations(location);
    if (pending.length === 0) ctx.io.out(`the store ${name} is at schema ${SCHEMA_VERSION}: nothing to apply`);
    else printSteps(ctx, `would apply ${pending.length} migration(s) to ${name}, to schema ${SCHEMA_VERSION} (dry run: nothing changed):`, pending);
    return EXIT_OK;
  }
  const applied = await applyStoreMigrations(location);
  if (applied.length === 0) ctx.io.out(`the store ${name} is at schema ${SCHEMA_VERSION}: nothing to apply`);
  else printSteps(ctx, `applied ${applied.length} migration(s) to ${name}, now at schema ${SCHEMA_VERSION}:`, applied);
  return EXIT_OK;
}

async function copyCommand(ctx: CommandContext, from: string, target: StoreLocation, dryRun: boolean): Promise<number> {
  if (from === '') throw new UsageError('--from needs a store: --from sqlite:PATH');
  const source = parseStoreLocation(from, ctx.io.cwd);
  if (source.kind !== 'sqlite' || source.path === ':memory:') {
    throw new InputError(`--from takes a SQLite store file (--from sqlite:PATH), not ${describeStoreLocation(source)}`);
  }
  if (target.kind !== 'postgres') {
    throw new InputError(
      `tidings migrate --from copies into a PostgreSQL store, and the configured store is the SQLite file ${target.path}: set store.url in the config (or TIDINGS_STORE_URL) to the postgres://… of an empty database, then run this again`,
    );
  }
  const report = await copySqliteToPostgres(source.path, target.url, { dryRun });
  printCopy(ctx, report, dryRun);
  return EXIT_OK;
}

function printSteps(ctx: CommandContext, heading: string, steps: readonly SchemaStep[]): void {
  ctx.io.out(heading);
  for (const step of steps) ctx.io.out(`  ${String(step.version).padStart(3)}  ${step.name}`);
}

function printCopy(ctx: CommandContext, report: CopyReport, dryRun: boolean): void {
  const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
  const width = Math.max(...report.tables.map((table) => table.name.length));
  if (report.migrations.length > 0) {
    printSteps(ctx, `${dryRun ? 'would apply' : 'applied'} ${report.migrations.length} migration(s) to ${report.target} first, to schema ${report.version}:`, report.migrations);
  }
  ctx.io.out(`${dryRun ? 'would copy' : 'copied'} ${report.source} (schema ${report.version}) into ${report.target}, table by table:`);
  for (const table of report.tables) ctx.io.out(`  ${table.name.padEnd(width)}  ${String(table.rows).padStart(8)} row(s)`);
  if (dryRun) {
    ctx.io.out(`would copy ${total} row(s) in ${report.tables.length} tables in one transaction (dry run: nothing changed)`);
    return;
  }
  ctx.io.out(`copied ${total} row(s) in ${report.tables.length} tables in one transaction, ids kept`);
  if (report.verified) ctx.io.out(`verified: each of the ${report.tables.length} tables holds as many rows in ${report.target} as in ${report.source}`);
  ctx.io.out('next: point store.url (or TIDINGS_STORE_URL) at the PostgreSQL store for every tidings process, and keep the SQLite file as a backup');
}
