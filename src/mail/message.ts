import { createHash } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import type { Config } from '../config/schema.js';
import type { PersonalisedEmail } from '../digest/personalise.js';
import type { RenderedIssue } from '../digest/render/render.js';
import { parseMailbox } from '../subscribers/mailbox.js';
import { listId } from '../subscribers/list-id.js';
import { unsubscribeMailto } from './list-headers.js';
import { feedbackId } from './feedback-id.js';

export interface MessageInput {
  /** The issue (variant) the message carries. */
  readonly rendered: RenderedIssue;
  /** Its parts for this recipient (see personalise). */
  readonly personalised: PersonalisedEmail;
  readonly recipient: { readonly email: string; readonly name?: string | null };
  readonly config: Config;
  /** `<…@domain>`, stable per (issue, subscriber) so that a resend is recognisable: the caller's choice. */
  readonly messageId: string;
  /** The Date header: the send time, or the issue's date for a reproducible sample. */
  readonly date: Date | string;
  /** The List-Unsubscribe mailto: URL carrying this recipient's token (see list-headers.ts); default: the site's, without one. */
  readonly unsubscribeMailto?: string;
}

/** Prefix of every MIME boundary: `=_` cannot occur in quoted-printable text, so no body can contain a boundary. */
const BOUNDARY_PREFIX = '=_tidings';

/** The shared part of a message's MIME boundaries: derived from its Message-ID, so the same message always has the same bytes. */
export function messageBoundary(messageId: string): string {
  return createHash('sha256').update(messageId).digest('hex').slice(0, 24);
}

/**
 * The nodemailer message for one recipient: From, To, Subject, Date,
 * Message-ID, Feedback-ID, List-Unsubscribe (https and mailto) with
 * List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058), List-Id,
 * and multipart/alternative text + HTML. Deterministic: the same input
 * gives the same bytes (the MIME boundary comes from the Message-ID; bodies
 * are quoted-printable, which a `=_` boundary can never appear in). Pure.
 */
export function buildMessage(input: MessageInput): SendMailOptions {
  const { personalised, recipient, config, messageId } = input;
  if (!/^<[^<>\s@]+@[^<>\s@]+>$/.test(messageId)) throw new TypeError(`buildMessage: messageId must look like <id@domain>, not "${messageId}"`);
  const date = typeof input.date === 'string' ? new Date(input.date) : input.date;
  if (Number.isNaN(date.getTime())) throw new TypeError(`buildMessage: date "${String(input.date)}" is not a date`);
  const from = parseMailbox(config.email.from);
  const name = recipient.name?.trim();
  return {
    from: { name: from.name || config.site.title, address: from.address },
    ...(config.email.replyTo ? { replyTo: config.email.replyTo } : {}),
    to: name ? { name, address: recipient.email } : recipient.email,
    subject: personalised.subject,
    date,
    messageId,
    text: personalised.text,
    html: personalised.html,
    list: {
      unsubscribe: [[personalised.unsubscribeUrl, input.unsubscribeMailto ?? unsubscribeMailto(config)]],
      id: listId(config),
    },
    headers: [
      { key: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      { key: 'X-Tidings-Issue', value: input.rendered.issueId },
      { key: 'Feedback-ID', value: feedbackId(config, input.rendered.issueId) },
    ],
    encoding: 'quoted-printable',
    boundaryPrefix: BOUNDARY_PREFIX,
    baseBoundary: messageBoundary(messageId),
    xMailer: false,
  };
}
