import type { Command } from 'commander';
import type { CommandContext } from './main.js';

export function registerImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('read files, folders or feed URLs into the content store')
    .argument('[paths...]', 'files, folders or http(s) feed URLs (default: content.paths from the config)')
    .action(ctx.action(async (paths: string[]) => (await import('./import-action.js')).importAction(ctx, paths)));
}
