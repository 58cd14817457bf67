import { watch, type FSWatcher } from 'chokidar';
import type { ChangeSet } from './changes.js';
import { batchChanges, type BatchOptions } from './batch.js';
import type { FileEvent, WatchRoots } from './roots.js';
import { classify, watchPlan } from './roots.js';

export interface PreviewWatcher {
  /** Watches other roots from now on (after a config change moved the content or templates folder). */
  retarget(roots: WatchRoots): Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  readonly roots: WatchRoots;
  /** The site's folder: roots inside it are watched through it, so folders created later are seen. */
  readonly baseDir: string;
  readonly onChanges: (changes: ChangeSet) => void;
  readonly onError: (error: unknown) => void;
  readonly batch?: BatchOptions;
}

/** Default batching: 50 ms of quiet after an editor's last write, and never more than 600 ms after the first. */
export const DEFAULT_BATCH: BatchOptions = { quietMs: 50, maxWaitMs: 600 };

/**
 * Watches the content, the templates and the config (chokidar: native
 * file events, atomic saves seen as one change), and reports what changed
 * in batches. Resolves once the initial scan is done, so a change made
 * right after is never missed.
 */
export async function watchSite(options: WatchOptions): Promise<PreviewWatcher> {
  const batcher = batchChanges(options.batch ?? DEFAULT_BATCH, options.onChanges);
  let current = await open(options.roots);

  async function open(roots: WatchRoots): Promise<FSWatcher> {
    const plan = watchPlan(roots, options.baseDir);
    const watcher = watch(plan.folders, {
      ignoreInitial: true,
      persistent: true,
      ignored: (file: string) => !plan.relevant(file),
    });
    const report = (event: FileEvent) => (file: string) => {
      const change = classify(roots, file, event);
      if (change) batcher.add(change);
    };
    watcher.on('add', report('add')).on('change', report('change')).on('unlink', report('unlink'));
    watcher.on('error', options.onError);
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    return watcher;
  }

  return {
    async retarget(roots) {
      const next = await open(roots);
      const previous = current;
      current = next;
      await previous.close();
    },
    async close() {
      batcher.cancel();
      await current.close();
    },
  };
}
