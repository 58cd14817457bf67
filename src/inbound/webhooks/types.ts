import type { IncomingHttpHeaders } from 'node:http';
import type { InboundEvent } from '../event.js';

/** Where the events a webhook brought go: applied to the store by the wiring (app.ts). */
export type InboundSink = (events: InboundEvent[]) => Promise<void>;

/** A GET that returns the body as text (the SNS signing certificate, the subscription confirmation); injectable for tests. */
export type FetchText = (url: string) => Promise<string>;

/** One webhook request as the provider sent it: the raw body (signatures are over its bytes) and the headers. */
export interface WebhookRequest {
  readonly body: Buffer;
  readonly headers: IncomingHttpHeaders;
}

/**
 * What a provider's handler makes of a request: the HTTP status to answer
 * (2xx: taken; 401/403: not from the provider, no event), a short reason
 * for the log and the response, and the events, only from a request whose
 * signature verified.
 */
export interface WebhookAnswer {
  readonly status: number;
  readonly message: string;
  readonly events: readonly InboundEvent[];
  /** Called once the events are applied: a replay guard remembers the request only then. */
  readonly onApplied?: () => void;
  /** Extra response headers (WWW-Authenticate for a 401). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface WebhookHandler {
  handle(request: WebhookRequest, now: Date): Promise<WebhookAnswer>;
}

export function reject(status: number, message: string, headers?: Record<string, string>): WebhookAnswer {
  return { status, message, events: [], ...(headers ? { headers } : {}) };
}
