import type { Command } from 'commander';
import type { CommandContext } from './main.js';

export function registerNew(program: Command, ctx: CommandContext): void {
  program
    .command('new')
    .description('write a new Markdown post with front matter into the content folder')
    .argument('<title>', 'the post\'s title')
    .option('--date <date-time>', 'the publication date (ISO 8601, read in the site\'s time zone without an offset); default now')
    .action(
      ctx.action(async (title: string, opts: { date?: string }) => (await import('./new-action.js')).newAction(ctx, title, opts)),
    );
}
