import type { ChangeSet } from '../watch/changes.js';
import { mergeChanges, NO_CHANGES } from '../watch/changes.js';

export interface SerialRunner {
  /** Queues the changes; they run after the job in progress, merged with any others queued meanwhile. Resolves when they are done. */
  run(changes: ChangeSet): Promise<void>;
  /** Resolves when nothing is running or queued. */
  idle(): Promise<void>;
}

/** Runs one job at a time: changes that arrive during a job are merged into the next one, never run twice in parallel. */
export function serialRunner(job: (changes: ChangeSet) => Promise<void>, onError: (error: unknown) => void): SerialRunner {
  let queued: ChangeSet | null = null;
  let waiting: { resolve: () => void }[] = [];
  let loop: Promise<void> | null = null;

  const drain = async (): Promise<void> => {
    while (queued !== null) {
      const changes = queued;
      const done = waiting;
      queued = null;
      waiting = [];
      try {
        await job(changes);
      } catch (error) {
        onError(error);
      } finally {
        for (const w of done) w.resolve();
      }
    }
    loop = null;
  };

  return {
    run(changes) {
      queued = mergeChanges(queued ?? NO_CHANGES, changes);
      const finished = new Promise<void>((resolve) => waiting.push({ resolve }));
      loop ??= drain();
      return finished;
    },
    async idle() {
      while (loop !== null) await loop;
    },
  };
}
