import { randomBytes } from 'node:crypto';
import { SAMPLE_RECIPIENT } from '../../digest/sample.js';
import { domainOf, parseMailbox } from '../../subscribers/mailbox.js';
import { buildMessage } from '../../mail/message.js';
import type { MailTransport, SendResult } from '../../mail/transport/types.js';
import type { RoundupPreview } from './roundup-preview.js';
import type { Snapshot } from '../session/snapshot.js';

export interface TestSend {
  readonly snapshot: Snapshot;
  readonly preview: RoundupPreview;
  /** The address typed in the form. */
  readonly to: string;
  readonly transport: MailTransport;
  readonly now: Date;
}

/**
 * Sends one roundup variant to `to` through the transport (the preview's
 * inbox), built by the same message builder the sender uses, with the
 * sample reader's links and a Message-ID of its own so that each test is a
 * message of its own. Throws TypeError for an address that is not one.
 */
export async function sendTest(input: TestSend): Promise<SendResult> {
  const { snapshot, preview } = input;
  const address = checkedAddress(input.to);
  let domain = 'localhost';
  try {
    domain = domainOf(parseMailbox(snapshot.config.email.from).address);
  } catch {
    // buildMessage says what is wrong with the From address.
  }
  const messageId = `<${preview.issue.id}.test-${randomBytes(6).toString('hex')}@${domain}>`;
  const message = buildMessage({
    rendered: preview.rendered,
    personalised: preview.email,
    recipient: { email: address, name: address === SAMPLE_RECIPIENT.email ? SAMPLE_RECIPIENT.name : null },
    config: snapshot.config,
    messageId,
    date: input.now,
  });
  return input.transport.send(message);
}

/** The address alone ("me@example.org"), or a TypeError saying what an address looks like. */
export function checkedAddress(input: string): string {
  const text = input.trim();
  let address = '';
  try {
    address = parseMailbox(text).address;
  } catch {
    // Reported below.
  }
  if (!/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(address) && !/^[^\s@<>()",;:]+@localhost$/i.test(address)) {
    throw new TypeError(`"${text.slice(0, 100)}" is not an email address such as me@example.org`);
  }
  return address;
}
