import type { Command } from 'commander';
import { EXIT_OK } from '../errors.js';
import type { CommandContext } from './main.js';
import { parsePort } from './port.js';
import { waitForShutdown } from './shutdown.js';

interface PreviewFlags {
  port?: number;
  host?: string;
  inboxPort?: number;
}

export function registerPreview(program: Command, ctx: CommandContext): void {
  program
    .command('preview')
    .description('preview every roundup as subscribers will get it, the posts and the feeds, with live reload and a built-in test inbox')
    .option('--port <n>', 'port of the preview pages (0: any free port; default: preview.port from the config, 4321)', parsePort)
    .option('--host <address>', 'address to listen on (default: preview.host from the config, 127.0.0.1: this machine only)')
    .option('--inbox-port <n>', 'port of the built-in SMTP inbox (0: any free port; default: preview.inboxPort from the config, 1025)', parsePort)
    .action(
      ctx.action(async (flags: PreviewFlags) => {
        const configFile = ctx.configFile();
        // The preview (templates, MJML, a file watcher, an SMTP inbox) is imported when it starts: `preview --help` loads none of it.
        const { startPreview } = await import('../preview/index.js');
        const preview = await startPreview({
          cwd: ctx.io.cwd,
          env: ctx.io.env,
          ...(configFile ? { configFile } : {}),
          ...(flags.host === undefined ? {} : { host: flags.host }),
          ...(flags.port === undefined ? {} : { port: flags.port }),
          ...(flags.inboxPort === undefined ? {} : { inboxPort: flags.inboxPort }),
          log: (level, message) => (level === 'info' ? ctx.io.out(message) : ctx.io.err(level === 'warn' ? `warning: ${message}` : message)),
        });
        ctx.io.out(
          [
            `tidings preview at ${preview.url} (Ctrl-C to stop)`,
            `  inbox: ${preview.inboxUrl}, messages at ${preview.url}inbox`,
            `  watching: ${preview.watching.join(', ')}`,
          ].join('\n'),
        );
        await waitForShutdown();
        await preview.close();
        ctx.io.out('stopped');
        return EXIT_OK;
      }),
    );
}
