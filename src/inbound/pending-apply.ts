import type { InboundEvent } from './event.js';
import type { InboundSink } from './webhooks/types.js';

/**
 * TEMPORARY STAND-IN for `applyInboundEvents(store, events, clock)`
 * (src/inbound/apply.ts, built on another branch for issue 18): it does
 * NOT change the store. It keeps the events in memory and logs one line
 * each, so the webhooks can be wired and tested before the apply step
 * exists. When merging, replace the call in app.ts `inboundSink` with
 * `(events) => applyInboundEvents(app.store, events, app.now)` and delete
 * this file.
 */
export interface PendingApplySink {
  readonly sink: InboundSink;
  /** Every event taken so far, in order. */
  readonly received: readonly InboundEvent[];
}

export function pendingApplySink(log: (message: string, event: InboundEvent) => void): PendingApplySink {
  const received: InboundEvent[] = [];
  return {
    received,
    sink: (events) => {
      for (const event of events) {
        received.push(event);
        log(`inbound ${event.kind} from ${event.source} for ${event.recipient ?? 'an unknown recipient'}${event.messageId ? ` (${event.messageId})` : ''}: not applied yet (pending-apply stand-in)`, event);
      }
      return Promise.resolve();
    },
  };
}
