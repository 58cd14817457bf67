import type { Config } from '../config/schema.js';
import { createClickSigner, NO_READER } from './click-tokens.js';

/**
 * Each subscriber's part of an issue's click links: their reader token when
 * the publisher counts clicks per subscriber (engagement.perSubscriber),
 * else NO_READER (the links then name nobody).
 */
export function readerTokens(config: Config, issueId: string): (subscriberId: number) => string {
  const { clicks, perSubscriber } = config.engagement;
  const secret = config.subscriptions.secret;
  if (!clicks || !perSubscriber || secret === undefined || secret === '') return () => NO_READER;
  const signer = createClickSigner(secret);
  return (subscriberId) => signer.reader(issueId, subscriberId);
}
