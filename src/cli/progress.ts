import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { CliIO } from './io.js';

/** Minimum number of steps before a bar is worth drawing. */
const MIN_STEPS = 50;

export interface Progress {
  update: (done: number, total: number) => void;
  stop: () => void;
}

/**
 * A progress bar on stderr, drawn only on a terminal and only for long runs,
 * so that piped output and CI logs stay clean.
 */
export function progressBar(io: CliIO, label: string): Progress {
  if (!io.isTTY || !io.stderr) return { update: () => {}, stop: () => {} };
  let bar: CliProgress.SingleBar | undefined;
  return {
    update: (done, total) => {
      if (total < MIN_STEPS) return;
      if (!bar) {
        // Loaded for the first bar drawn: an import that finds nothing to read on a terminal, or any piped run, does without its 17 modules.
        const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
        bar = new cliProgress.SingleBar(
          { stream: io.stderr, format: `${label} [{bar}] {value}/{total} files | {eta_formatted} left`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
