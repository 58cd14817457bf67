import type { InboundEvent } from '../inbound/event.js';
import { applyInboundEvents, inboundSettings } from '../inbound/apply.js';
import type { InboundSink } from '../inbound/webhooks/types.js';
import type { App } from './open-app.js';

/**
 * Where the events that come back by a provider's webhook are applied: the
 * same apply step as the listener, files and IMAP (inbound/apply.ts), so a
 * webhook's bounce suppresses, counts or is kept for review by the same
 * rules. One line is logged per event with what it did.
 */
export function inboundSink(app: App, log: (message: string, event: InboundEvent) => void): InboundSink {
  return async (events) => {
    const summary = await applyInboundEvents(app.store, events, app.now, inboundSettings(app.config));
    for (const applied of summary.events) {
      const { event } = applied;
      log(`inbound ${event.kind} from ${event.source} for ${event.recipient ?? 'an unknown recipient'}${event.messageId ? ` (${event.messageId})` : ''}: ${applied.outcome}: ${applied.detail}`, event);
    }
  };
}
