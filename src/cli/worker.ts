import type { Command } from 'commander';
import type { CommandContext } from './main.js';
import type { WorkerFlags } from './worker-action.js';
import { withApp } from './with-app.js';

export function registerWorker(program: Command, ctx: CommandContext): void {
  program
    .command('worker')
    .description('send the pages of the issues `tidings send` queued (PostgreSQL store): run as many as you like, on any host; SIGTERM finishes the messages in flight and puts the rest of the page back')
    .option('--exit-when-idle', 'exit once the queue is empty (a batch run) instead of waiting for more')
    .option('--allow-insecure', 'send to subscribers even though site.baseUrl is not https or email.from is not on a public domain (a test relay, a staging list)')
    .action(ctx.action(async (flags: WorkerFlags) => withApp(ctx, async (app) => (await import('./worker-action.js')).work(ctx, app, flags))));
}
