import type { ChangeSet } from './changes.js';
import { isEmpty, mergeChanges, NO_CHANGES } from './changes.js';

export interface BatchOptions {
  /** Quiet time after the last event before the batch goes out (an editor's save is several events). */
  readonly quietMs: number;
  /** Longest a batch waits from its first event, however busy the folder. */
  readonly maxWaitMs: number;
}

export interface Batcher {
  add(changes: ChangeSet): void;
  /** Drops whatever is pending. */
  cancel(): void;
}

/** Collects change sets and hands them on merged, once the files have been quiet for a moment. */
export function batchChanges(options: BatchOptions, flush: (changes: ChangeSet) => void): Batcher {
  let pending: ChangeSet = NO_CHANGES;
  let quiet: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  const fire = (): void => {
    clearTimeout(quiet);
    clearTimeout(deadline);
    quiet = undefined;
    deadline = undefined;
    const out = pending;
    pending = NO_CHANGES;
    if (!isEmpty(out)) flush(out);
  };
  return {
    add(changes) {
      pending = mergeChanges(pending, changes);
      clearTimeout(quiet);
      quiet = setTimeout(fire, options.quietMs);
      deadline ??= setTimeout(fire, options.maxWaitMs);
    },
    cancel() {
      clearTimeout(quiet);
      clearTimeout(deadline);
      quiet = undefined;
      deadline = undefined;
      pending = NO_CHANGES;
    },
  };
}
