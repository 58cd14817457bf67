import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { debugEnabled } from '../app/environment.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE, TidingsError } from '../errors.js';
import { describeFsError, fsErrorCode } from '../files/fs-error.js';
import type { CliIO } from './io.js';
import { processIO } from './io.js';

/** A command's action: does its work and returns the exit code. */
export type Action<A extends unknown[]> = (...args: A) => Promise<number>;

export interface CommandContext {
  io: CliIO;
  /** The global --config option, when given. */
  configFile(): string | undefined;
  /** Wraps an action so that its exit code (or error) becomes the process's. */
  action<A extends unknown[]>(fn: Action<A>): (...args: A) => Promise<void>;
}

type Register = (program: Command, ctx: CommandContext) => void;

/**
 * The commands, in the order `tidings --help` lists them, each loaded only
 * when it is the one asked for: `tidings send` does not load the preview's
 * mail parser and file watcher, and `tidings status` not the MJML renderer
 * (a command's modules are most of its memory; see docs/architecture.md).
 * With no known command named (help, a typo), all are loaded; for
 * `tidings --version`, none. A command's file registers it (arguments,
 * options, help) and imports what its action runs only when it runs
 * (build.ts and build-action.ts): `tidings build --help` loads no store.
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['init', async () => (await import('./init.js')).registerInit],
  ['new', async () => (await import('./new.js')).registerNew],
  ['import', async () => (await import('./import.js')).registerImport],
  ['posts', async () => (await import('./posts.js')).registerPosts],
  ['build', async () => (await import('./build.js')).registerBuild],
  ['serve', async () => (await import('./serve.js')).registerServe],
  ['subscribers', async () => (await import('./subscribers.js')).registerSubscribers],
  ['plan', async () => (await import('./plan.js')).registerPlan],
  ['send', async () => (await import('./send.js')).registerSend],
  ['worker', async () => (await import('./worker.js')).registerWorker],
  ['deliveries', async () => (await import('./deliveries.js')).registerDeliveries],
  ['schedule', async () => (await import('./schedule.js')).registerSchedule],
  ['start', async () => (await import('./start.js')).registerStart],
  ['status', async () => (await import('./status.js')).registerStatus],
  ['stats', async () => (await import('./stats.js')).registerStats],
  ['inbound', async () => (await import('./inbound.js')).registerInbound],
  ['preview', async () => (await import('./preview.js')).registerPreview],
  ['migrate', async () => (await import('./migrate.js')).registerMigrate],
];

/** The command the arguments name: the first one that is neither a global option nor its value. */
export function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-c' || arg === '--config') i += 1;
    else if (arg === '--') return argv[i + 1];
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** `tidings --version` (and -V) with no command: it needs no command registered. */
function versionOnly(argv: readonly string[]): boolean {
  return argv.some((a) => a === '-V' || a === '--version') && !argv.some((a) => a === '-h' || a === '--help');
}

/** Runs the CLI with these arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('tidings')
    .description('Blog posts in; feeds, an archive and themed email roundups out.')
    .version(packageVersion(), '-V, --version', 'print the version of tidings')
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
  const named = COMMANDS.find(([name]) => name === commandName(argv));
  for (const [, load] of named ? [named] : versionOnly(argv) ? [] : COMMANDS) (await load())(program, ctx);

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
    io.err(`tidings: ${unexpected(err, debugEnabled(io.env))}`);
    return EXIT_FAILURE;
  }
}

/**
 * A failure no command turned into a diagnostic, in one line: a file-system
 * error in words (the path is in Node's message), anything else as its
 * message. The stack only when TIDINGS_DEBUG=1: a user never sees one.
 */
export function unexpected(err: unknown, debug: boolean): string {
  if (debug && err instanceof Error && err.stack !== undefined) return `unexpected failure: ${err.stack}`;
  if (fsErrorCode(err) !== undefined) {
    const { syscall, path } = err as NodeJS.ErrnoException;
    const what = syscall === undefined ? 'a file operation failed' : `cannot ${syscall}${path === undefined ? '' : ` ${path}`}`;
    return `${what}: ${describeFsError(err)}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `unexpected failure: ${message} (run again with TIDINGS_DEBUG=1 to see where, and report it)`;
}

/** The version in tidings' package.json (src/cli and dist/cli both sit two folders below it). */
function packageVersion(): string {
  const manifest: unknown = createRequire(import.meta.url)('../../package.json');
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
