/**
 * A page: the unit of work a sending worker claims from the queue. It is a
 * slice of an issue's deliveries by id, `afterId < id <= throughId`, cut at
 * fixed multiples of the page size (ids 1-200, 201-400, ...), so that the
 * same deliveries always make the same page whoever cuts it and whenever: a
 * re-run of `tidings send` names the pages it names before, and the queue
 * keeps one of each waiting (its singleton key). `round` counts the times
 * the page was put back because the relay deferred messages in it. Pure.
 */
export interface Page {
  readonly issueId: string;
  readonly afterId: number;
  readonly throughId: number;
  readonly round: number;
}

/** The pages that hold these delivery ids (any order), each once, by id. */
export function pagesOf(issueId: string, deliveryIds: Iterable<number>, size: number, round = 0): Page[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`pagesOf: the page size must be a whole number from 1, not ${size}`);
  const buckets = new Set<number>();
  for (const id of deliveryIds) buckets.add(Math.floor((id - 1) / size));
  return [...buckets].sort((a, b) => a - b).map((bucket) => ({ issueId, afterId: bucket * size, throughId: (bucket + 1) * size, round }));
}

/** The page's name in the queue (its singleton key): one such page waits at a time. */
export function pageKey(page: Page): string {
  return `${page.issueId}:${page.afterId}-${page.throughId}`;
}

/** A page as a job's data comes back from the queue; null when it is not one (a job some other program put there). */
export function readPage(data: unknown): Page | null {
  if (typeof data !== 'object' || data === null) return null;
  const { issueId, afterId, throughId, round } = data as Record<string, unknown>;
  if (typeof issueId !== 'string' || !isCount(afterId) || !isCount(throughId) || throughId <= afterId) return null;
  return { issueId, afterId, throughId, round: isCount(round) ? round : 0 };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
