import type { Store } from '../store/store.js';
import type { BuildLog, HubReport } from './build-report.js';

/**
 * WebSub publisher side: tells the hub that a feed changed, with a form POST
 * of hub.mode=publish and hub.url=<the feed's URL>. The hub then fetches the
 * feed and pushes it to subscribers.
 */

/** Sends one publish notice; rejects with a message a user can act on when the hub is down or refuses. */
export type HubNotifier = (hubUrl: string, feedUrl: string) => Promise<void>;

export const HUB_TIMEOUT_MS = 10_000;

export async function publishToHub(hubUrl: string, feedUrl: string, timeoutMs: number = HUB_TIMEOUT_MS): Promise<void> {
  const body = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feedUrl }).toString();
  let response: Response;
  try {
    response = await fetch(hubUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new Error(`the WebSub hub ${hubUrl} did not answer (${reason}); check feeds.hub in the config or try again later`, { cause: error });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const detail = text.trim().slice(0, 200);
    throw new Error(`the WebSub hub ${hubUrl} refused the notice for ${feedUrl}: HTTP ${response.status}${detail ? ` ${detail}` : ''}`);
  }
}

/**
 * Tells the hub about each changed document and about every notice kept
 * from an earlier build, then keeps the ones that failed (one more attempt
 * counted) and forgets the ones the hub took. Each failure is logged once,
 * one line per distinct error (a hub that is down fails every notice alike).
 */
/** Notices in flight to the hub at once: a fresh build of a large site changes hundreds of documents. */
const HUB_CONCURRENCY = 8;

export async function notifyHub(
  store: Pick<Store, 'keptHubNotices' | 'keepHubNotices' | 'dropHubNotices'>,
  hub: string,
  changed: readonly string[],
  notify: HubNotifier,
  log: BuildLog,
): Promise<HubReport> {
  const kept = await store.keptHubNotices();
  const fresh = new Set(changed);
  const retry = kept.map((k) => k.url).filter((url) => !fresh.has(url));
  const urls = [...changed, ...retry];
  const report: HubReport = { hub, notified: [], failed: [], retried: 0 };
  const keptUrls = new Set(kept.map((k) => k.url));
  const results = await settleEach(urls, HUB_CONCURRENCY, (url) => notify(hub, url));
  results.forEach((result, i) => {
    const feedUrl = urls[i] ?? '';
    if (keptUrls.has(feedUrl)) report.retried++;
    if (result.status === 'fulfilled') report.notified.push(feedUrl);
    else report.failed.push({ feedUrl, error: result.reason instanceof Error ? result.reason.message : String(result.reason) });
  });
  const taken = report.notified.filter((url) => keptUrls.has(url));
  if (taken.length > 0) await store.dropHubNotices(taken);
  if (report.failed.length > 0) await store.keepHubNotices(hub, report.failed.map((f) => ({ url: f.feedUrl, error: f.error })));
  const byError = new Map<string, number>();
  for (const f of report.failed) byError.set(f.error, (byError.get(f.error) ?? 0) + 1);
  for (const [error, count] of byError) {
    log('warn', `WebSub: ${error} (${count === 1 ? 'the notice is' : `${count} notices are`} kept and sent again at the next build)`);
  }
  if (report.notified.length > 0) {
    const again = report.retried - report.failed.filter((f) => keptUrls.has(f.feedUrl)).length;
    log('info', `WebSub: ${hub} notified of ${report.notified.length} changed documents${again > 0 ? ` (${again} kept from an earlier build)` : ''}`);
  }
  report.notified.sort();
  report.failed.sort((a, b) => (a.feedUrl < b.feedUrl ? -1 : a.feedUrl > b.feedUrl ? 1 : 0));
  return report;
}

/** Promise.allSettled over `items`, at most `limit` at a time, results in the order of `items`. */
async function settleEach<T>(items: readonly string[], limit: number, run: (item: string) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array<PromiseSettledResult<T>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await run(items[i] ?? '') };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
