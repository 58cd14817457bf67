import type { PlanStore } from '../../explain/read.js';
import type { MailTransport } from '../../mail/transport/types.js';
import type { Store } from '../../store/store.js';
import type { Inbox } from '../inbox/catcher.js';
import type { PreviewSession, PreviewLog } from '../session/session.js';
import type { PageContext } from '../ui/layout.js';
import type { EventHub } from './events.js';

/** What the preview's routes work with. */
export interface PreviewDeps {
  readonly session: PreviewSession;
  /** The store, for what a snapshot does not hold (subscribers and the send log, for the plan page; the counters, for the clicks page). */
  readonly store: PlanStore & Pick<Store, 'listSubscribers' | 'clickCounts' | 'getPosts' | 'getIssue'>;
  readonly inbox: Inbox;
  /** SMTP to the inbox: what "Send a test" sends through. */
  readonly transport: MailTransport;
  /** The built site, served under /site/. */
  readonly outDir: string;
  readonly events: EventHub;
  readonly now: () => Date;
  readonly log: PreviewLog;
}

/** What every page needs besides its own content, from the current snapshot. */
export function pageContext(deps: PreviewDeps, nonce: string): PageContext {
  return {
    snapshot: deps.session.current(),
    inbox: { count: deps.inbox.list().length, received: deps.inbox.received, url: deps.inbox.url },
    nonce,
  };
}
