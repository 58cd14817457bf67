import type { ChangeSet } from './changes.js';
import { batchChanges, type BatchOptions } from './batch.js';
import type { WatchRoots } from './roots.js';
import { classify, watchPlan } from './roots.js';
import { watchFolders, type FolderWatch } from './folder-watch.js';

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
 * Watches the content, the templates and the config (folder-watch.ts: the
 * system's own notices, one stat a notice), and reports what changed in
 * batches: an editor's save in several steps (a temporary file renamed
 * over the post) is one change. Resolves once the folders are listed and
 * watched, so a change made right after is never missed.
 */
export async function watchSite(options: WatchOptions): Promise<PreviewWatcher> {
  const batcher = batchChanges(options.batch ?? DEFAULT_BATCH, options.onChanges);
  let current = open(options.roots);

  function open(roots: WatchRoots): FolderWatch {
    const plan = watchPlan(roots, options.baseDir);
    return watchFolders({
      targets: plan.folders,
      relevant: plan.relevant,
      onEvent: (event, file) => {
        const change = classify(roots, file, event);
        if (change) batcher.add(change);
      },
      onError: options.onError,
    });
  }

  return {
    async retarget(roots) {
      const next = open(roots);
      const previous = current;
      current = next;
      previous.close();
    },
    async close() {
      batcher.cancel();
      current.close();
    },
  };
}
