import type { Command } from 'commander';
import type { CommandContext } from './main.js';
import type { MigrateFlags } from './migrate-action.js';

export function registerMigrate(program: Command, ctx: CommandContext): void {
  program
    .command('migrate')
    .description(
      'bring the configured store (store.url / TIDINGS_STORE_URL, SQLite or PostgreSQL) to the current schema and say what was applied; with --from sqlite:PATH, copy that SQLite store into the configured (empty) PostgreSQL store',
    )
    .option('--dry-run', 'say which migrations would be applied (or, with --from, how many rows each table would copy), and change nothing')
    .option('--from <store>', 'sqlite:PATH: a SQLite store (at the current schema) to copy, every table and row with their ids, into the configured PostgreSQL store')
    .action(ctx.action(async (flags: MigrateFlags) => (await import('./migrate-action.js')).migrateCommand(ctx, flags)));
}
