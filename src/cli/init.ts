import type { Command } from 'commander';
import type { CommandContext } from './main.js';

export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('write a tidings.config.yaml for a Jekyll, Hugo or Eleventy site, a WordPress or Ghost export, or a feed')
    .argument('[source]', 'the site\'s folder, an export file or a feed URL', '.')
    .action(
      ctx.action(async (source: string) => (await import('./init-action.js')).initAction(ctx, source)),
    );
}
