import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Issue } from '../digest/model.js';
import { sampleValues } from '../digest/sample.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import type { MailTransport } from '../mail/transport/types.js';
import type { Store } from '../store/store.js';
import { subscriptionLinks } from '../subscribers/links.js';
import { createTokenSigner } from '../subscribers/tokens.js';
import { messageMaker } from './messages.js';
import { testMessageId } from './message-id.js';

export interface TestCopy {
  readonly messageId: string;
  /** The relay's reply, or where the outbox wrote it. */
  readonly response: string;
  /** The variant sent ('*' for the whole issue). */
  readonly variant: string;
  /** True when the address is a subscriber's: their themes, name and links were used. */
  readonly asSubscriber: boolean;
}

/**
 * `tidings send --to EMAIL`: one copy of the issue to one address, made
 * exactly as a subscriber's is, recording nothing (no delivery, no issue
 * state). The address's own themes, name and signed links when it is a
 * subscriber (and a secret signs links); else the whole issue with
 * placeholder links. Its Message-ID is its own, never a subscriber's copy's.
 * Null when the subscriber follows no theme of the issue's posts.
 */
export async function sendTestCopy(
  deps: {
    store: Pick<Store, 'findSubscriberByEmail'>;
    transport: Pick<MailTransport, 'send'>;
    config: Config;
    templates: DigestTemplates;
    secret?: string;
    now: Date;
  },
  issue: Issue,
  email: string,
): Promise<TestCopy | null> {
  const { config } = deps;
  const subscriber = await deps.store.findSubscriberByEmail(email);
  const messages = messageMaker({ issue, config, templates: deps.templates, now: deps.now });
  let links = sampleValues(issue, config);
  const asSubscriber = subscriber !== undefined && deps.secret !== undefined;
  if (subscriber !== undefined && deps.secret !== undefined) {
    const signed = subscriptionLinks(
      createTokenSigner(deps.secret),
      { baseUrl: config.site.baseUrl, confirmDays: config.subscriptions.confirmDays, linkDays: config.subscriptions.linkDays },
      deps.now,
    );
    const both = signed.forRecipient(subscriber.email);
    links = { ...links, preferencesUrl: both.preferences.url, unsubscribeUrl: both.unsubscribe.url };
  }
  const messageId = testMessageId(config, issue.id, randomBytes(6).toString('hex'));
  const message = await messages.forAddress(
    { email, name: subscriber?.name ?? '', themes: asSubscriber ? (subscriber?.themes ?? []) : [] },
    { preferencesUrl: links.preferencesUrl, unsubscribeUrl: links.unsubscribeUrl },
    messageId,
  );
  if (message === null) return null;
  const result = await deps.transport.send({ raw: message.raw, envelope: { from: message.envelope.from, to: [email] } });
  return { messageId, response: result.response, variant: message.variant, asSubscriber };
}
