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
