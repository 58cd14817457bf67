import type { Db } from './connection.js';
import type { SubscriberPart } from './parts.js';
import { notWrittenYet } from './scaffold.js';

export function postgresSubscribers(_db: Db): SubscriberPart {
  return notWrittenYet<SubscriberPart>(['upsertSubscribers', 'getSubscriber', 'findSubscriberByEmail', 'getSubscriberByLegacyLink', 'setSubscriberStatus', 'setSubscriberThemes', 'listSubscribers', 'countSubscribers', 'streamSubscribers', 'removeSubscriber', 'unsuppressSubscribers', 'subscriberEvents', 'countClick', 'clickCounts', 'keptHubNotices', 'keepHubNotices', 'dropHubNotices', 'issueNumbers', 'assignIssueNumbers']);
}
