import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { EXIT_OK, InputError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { startServer } from '../server/index.js';
import type { CommandContext } from './main.js';
import { waitForShutdown } from './shutdown.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('serve the built site (feeds with ETag and 304, pages) over HTTP')
    .option('--port <n>', 'port (0: any free port)', parsePort, 8080)
    .option('--host <address>', 'address to listen on; the default serves this machine only', '127.0.0.1')
    .option('--out <dir>', 'folder to serve (default: build.outDir from the config)')
    .action(
      ctx.action(async (opts: { port: number; host: string; out?: string }) => {
        const configFile = ctx.configFile();
        const { config, rootDir } = await loadConfig({ cwd: ctx.io.cwd, env: ctx.io.env, ...(configFile ? { file: configFile } : {}) });
        const outDir = opts.out ? path.resolve(ctx.io.cwd, opts.out) : path.resolve(rootDir, config.build.outDir);
        let server;
        try {
          server = await startServer({ outDir, host: opts.host, port: opts.port, onError: (e) => ctx.io.err(`tidings serve: ${String(e)}`) });
        } catch (err) {
          throw new InputError(`cannot serve ${outDir}: ${(err as Error).message}`);
        }
        ctx.io.out(`serving ${outDir} at ${server.url} (Ctrl-C to stop)`);
        await waitForShutdown();
        await server.close();
        ctx.io.out('stopped');
        return EXIT_OK;
      }),
    );
}
