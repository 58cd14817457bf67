import type { Command } from 'commander';
import type { CommandContext } from './main.js';
import type { PlanFlags } from './plan-action.js';
import { withApp } from './with-app.js';

export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('what the next issue (or --issue ID) holds and why, what was left out and why; with --subscriber, what one subscriber gets and does not get')
    .option('--issue <id>', 'the issue to explain, by its period (e.g. 2019-W31); default: the next one')
    .option('--subscriber <email>', "also explain this subscriber's copy: their variant, their posts and the posts they will not get")
    .option('--json', 'print JSON (see docs/formats.md, "tidings plan --json")')
    .action(ctx.action(async (flags: PlanFlags) => withApp(ctx, async (app) => (await import('./plan-action.js')).plan(ctx, app, flags))));
}
