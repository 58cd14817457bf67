import type { Command } from 'commander';
import type { App } from '../app.js';
import { readPlan } from '../explain/read.js';
import { planText } from '../explain/text.js';
import { EXIT_OK } from '../errors.js';
import type { CommandContext } from './main.js';
import { withApp } from './with-app.js';

interface PlanFlags {
  issue?: string;
  subscriber?: string;
  json?: boolean;
}

export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('what the next issue (or --issue ID) holds and why, what was left out and why; with --subscriber, what one subscriber gets and does not get')
    .option('--issue <id>', 'the issue to explain, by its period (e.g. 2019-W31); default: the next one')
    .option('--subscriber <email>', "also explain this subscriber's copy: their variant, their posts and the posts they will not get")
    .option('--json', 'print JSON (see docs/formats.md, "tidings plan --json")')
    .action(ctx.action(async (flags: PlanFlags) => withApp(ctx, (app) => plan(ctx, app, flags))));
}

async function plan(ctx: CommandContext, app: App, flags: PlanFlags): Promise<number> {
  const request = { ...(flags.issue !== undefined ? { issue: flags.issue } : {}), ...(flags.subscriber !== undefined ? { subscriber: flags.subscriber } : {}) };
  const explained = await readPlan(app.store, app.config, app.now(), request);
  if (flags.json) ctx.io.out(JSON.stringify(explained, null, 2));
  else for (const line of planText(explained, app.config.site.timeZone)) ctx.io.out(line);
  return EXIT_OK;
}
