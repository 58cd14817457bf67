import type { Command } from 'commander';
import { EXIT_OK } from '../errors.js';
import { clickStats, formatClickStats } from '../engagement/stats.js';
import type { CommandContext } from './main.js';
import { withApp } from './with-app.js';

interface StatsFlags {
  issue?: string;
  json?: boolean;
}

/** `tidings stats [--issue ID] [--json]`: clicks per post per issue (engagement.clicks); tidings never counts opens. */
export function registerStats(program: Command, ctx: CommandContext): void {
  program
    .command('stats')
    .description('clicks on the links to posts, per post and issue (when engagement.clicks is on); opens are never tracked')
    .option('--issue <id>', 'only this issue, e.g. 2019-W31')
    .option('--json', 'as JSON')
    .action(
      ctx.action(async (flags: StatsFlags) =>
        withApp(ctx, async (app) => {
          const stats = await clickStats(app.store, app.config, flags.issue);
          ctx.io.out(flags.json ? JSON.stringify(stats, null, 2) : formatClickStats(stats, flags.issue));
          return EXIT_OK;
        }),
      ),
    );
}
