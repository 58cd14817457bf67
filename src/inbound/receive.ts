import type { Config } from '../config/schema.js';
import type { Store } from '../store/store.js';
import { applyInboundEvents, type InboundSettings, type InboundSummary } from './apply.js';
import { classifyMessage, type ReceivedMessage } from './classify.js';

/** What every mail way in (listener, files, IMAP) shares: classify one message, apply its events. */
export interface Receiver {
  receive(message: ReceivedMessage): Promise<InboundSummary>;
}

export function createReceiver(deps: { config: Config; store: Store; clock: () => Date; settings: InboundSettings }): Receiver {
  return {
    async receive(message) {
      const events = await classifyMessage(message, deps.config);
      return applyInboundEvents(deps.store, events, deps.clock, deps.settings);
    },
  };
}
