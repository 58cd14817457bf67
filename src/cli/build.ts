import type { Command } from 'commander';
import type { BuildOptions } from './build-action.js';
import type { CommandContext } from './main.js';

export function registerBuild(program: Command, ctx: CommandContext): void {
  program
    .command('build')
    .description('write feeds (RSS, Atom, JSON Feed, with archive pages) and the web archive')
    .option('--out <dir>', 'output folder (default: build.outDir from the config, out/)')
    .option('--future', 'include the scheduled posts (dated later than now) for a look; the next plain build or scheduler run leaves them out again')
    .option('--verify', 'read every output file back and compare it, also those whose size and mtime match what the last build recorded (puts right a file edited in place)')
    .action(ctx.action(async (opts: BuildOptions) => (await import('./build-action.js')).buildAction(ctx, opts)));
}
