import { postgresClicks } from './clicks.js';
import type { Db } from './connection.js';
import { postgresHubNotices } from './hub-notices.js';
import { postgresIssueNumbers } from './issue-numbers.js';
import type { SubscriberPart } from './parts.js';
import { subscriberChanges } from './subscriber-changes.js';
import { subscriberEvents } from './subscriber-events.js';
import { subscriberReads } from './subscriber-reads.js';
import { upsertSubscribers } from './subscriber-writes.js';

/** Subscribers, their events, click counts, hub notices and issue numbers on PostgreSQL. */
export function postgresSubscribers(db: Db): SubscriberPart {
  const reads = subscriberReads(db);
  const changes = subscriberChanges(db);
  const events = subscriberEvents(db);
  return {
    upsertSubscribers: (batch) => upsertSubscribers(db, batch),
    getSubscriber: (id) => reads.get(id),
    findSubscriberByEmail: (email) => reads.findByEmail(email),
    getSubscriberByLegacyLink: (id) => reads.getByLegacyLink(id),
    setSubscriberStatus: (id, status, options = {}) => changes.setStatus(id, status, options),
    setSubscriberThemes: (id, themes) => changes.setThemes(id, themes),
    listSubscribers: (query = {}) => reads.list(query),
    countSubscribers: (query = {}) => reads.count(query),
    streamSubscribers: (page) => reads.page(page),
    removeSubscriber: (id) => changes.remove(id),
    unsuppressSubscribers: (emails, reason) => events.unsuppress(emails, reason),
    subscriberEvents: (email) => events.events(email),
    ...postgresClicks(db),
    ...postgresHubNotices(db),
    ...postgresIssueNumbers(db),
  };
}
