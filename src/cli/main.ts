import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT, EXIT_FAILURE, TidingsError } from '../errors.js';
import type { CliIO } from './io.js';
import { processIO } from './io.js';
import { registerImport } from './import.js';
import { registerPosts } from './posts.js';
import { registerBuild } from './build.js';
import { registerServe } from './serve.js';
import { registerSubscribers } from './subscribers.js';
import { registerSend } from './send.js';
import { registerSchedule } from './schedule.js';
import { registerStart } from './start.js';
import { registerStatus } from './status.js';
import { registerPreview } from './preview.js';

/** A command's action: does its work and returns the exit code. */
export type Action<A extends unknown[]> = (...args: A) => Promise<number>;

export interface CommandContext {
  io: CliIO;
  /** The global --config option, when given. */
  configFile(): string | undefined;
  /** Wraps an action so that its exit code (or error) becomes the process's. */
  action<A extends unknown[]>(fn: Action<A>): (...args: A) => Promise<void>;
}

/** Runs the CLI with these arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('tidings')
    .description('Blog posts in; feeds, an archive and themed email roundups out.')
    .option('-c, --config <file>', 'config file (default: tidings.config.yaml in the current folder)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run tidings --help for usage)');

  const ctx: CommandContext = {
    io,
    configFile: () => program.opts<{ config?: string }>().config,
    action:
      <A extends unknown[]>(fn: Action<A>) =>
      async (...args: A) => {
        exitCode = await fn(...args);
      },
  };
  registerImport(program, ctx);
  registerPosts(program, ctx);
  registerBuild(program, ctx);
  registerServe(program, ctx);
  registerSubscribers(program, ctx);
  registerSend(program, ctx);
  registerSchedule(program, ctx);
  registerStart(program, ctx);
  registerStatus(program, ctx);
  registerPreview(program, ctx);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return err.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (err instanceof TidingsError) {
      io.err(`tidings: ${err.message}`);
      return err.exitCode;
    }
    io.err(`tidings: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT_FAILURE;
  }
}
