import type { Command } from 'commander';
import type { CommandContext } from './main.js';
import type { SendFlags } from './send-action.js';
import { withApp } from './with-app.js';

export function registerSend(program: Command, ctx: CommandContext): void {
  program
    .command('send')
    .description('send an issue (roundup) to its subscribers, exactly once: a rerun carries on where a stopped or crashed one left off')
    .option('--issue <id>', 'the issue to send, by its period (e.g. 2019-W31)')
    .option('--latest', 'the latest issue whose period has ended')
    .option('--to <email>', 'send one test copy to this address, recording nothing')
    .option('--dry-run', 'say who would get which variant; send nothing')
    .option('--recipients', 'with --dry-run: list each variant\'s recipients by address')
    .option('--json', 'with --dry-run: print JSON (the issue; per variant its key, subject, sections, posts, recipients and their addresses)')
    .option('--resend-unknown', 'also send again every delivery in doubt (unknown: their recipients may get a second copy); to decide them one by one: `tidings deliveries`, `tidings deliveries settle`')
    .option('--allow-insecure', 'send to subscribers even though site.baseUrl is not https or email.from is not on a public domain (a test relay, a staging list)')
    .option('--no-wait', 'with a PostgreSQL store: queue the issue for the workers (tidings worker) and return at once, instead of waiting until it is settled')
    .action(ctx.action(async (flags: SendFlags) => withApp(ctx, async (app) => (await import('./send-action.js')).send(ctx, app, flags))));
}
