import v8 from 'node:v8';

/** The old generation may grow to 1.5 times what survived the last full collection before the next one. */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Keeps a long run's heap small and flat. A send allocates some garbage
 * that outlives two young-generation collections and so lands in the old
 * generation; on a machine with much memory V8 lets the old generation
 * grow to up to four times what survived its last full collection before
 * collecting it again, so a 100,000-recipient send reached ~200 MB and a
 * larger one would have gone higher before levelling off. At 1.5 times the
 * old generation is collected every few seconds and the peak no longer
 * depends on the number of recipients (docs/benchmarks.md), for a few
 * milliseconds of marking now and then.
 *
 * Set at the start of the process, before the commands' modules load, as
 * the one V8 setting tidings makes; `node --heap-growing-percent=N` wins
 * (0 restores V8's own heuristics). Returns whether it set it.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
