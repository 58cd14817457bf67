import type { SignupLimitStore } from '../signup-limit-store.js';
import type { ClickStore, DeliveryStore, HubNoticeStore, InboundStore, IssueNumberStore, IssueStore, RunStore, Store, SubscriberStore } from '../store.js';

/**
 * The PostgreSQL store is made of four parts, each over the same pool and
 * each in its own files, assembled in postgres-store.ts.
 */
export type SubscriberPart = SubscriberStore & ClickStore & HubNoticeStore & IssueNumberStore;
export type SendLogPart = IssueStore & DeliveryStore;
export type RunInboundPart = RunStore & InboundStore;
/** Posts, their sources and periods, withdrawals, addresses and import runs: the rest of Store. */
export type PostPart = Omit<Store, keyof SubscriberPart | keyof SendLogPart | keyof RunInboundPart | keyof SignupLimitStore | 'close'>;
