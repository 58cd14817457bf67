import { simpleParser, type Attachment } from 'mailparser';
import type { Config } from '../config/schema.js';
import { inboundAddressKind, untag } from '../mail/return-path.js';
import { readDeliveryToken } from '../subscribers/delivery-tokens.js';
import { isAutoReply } from './auto-reply.js';
import { basicCode, bounceKind, enhancedCode } from './bounce-status.js';
import type { InboundEvent, InboundEventKind, InboundSource } from './event.js';
import { excerpt, firstLines } from './excerpt.js';
import { addressOf, fieldBlocks, headerBlock, type FieldBlock } from './fields.js';
import { plainBounce } from './plain-bounce.js';

/** A message that reached one of the ways in, as it arrived. */
export interface ReceivedMessage {
  readonly raw: Buffer;
  readonly source: Extract<InboundSource, 'smtp' | 'file' | 'imap'>;
  /** The envelope recipients (RCPT TO, Postfix's ${recipient}), when the way in knows them. */
  readonly envelopeTo?: readonly string[];
  readonly receivedAt: Date;
}

/** Header fields that name where a message was delivered to, in the order a token is looked for in them. */
const DELIVERED_TO = ['x-original-to', 'delivered-to', 'envelope-to', 'x-envelope-to', 'x-original-recipient', 'to', 'cc'];
const EMBEDDED = ['message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers', 'message/global', 'message/global-headers'];
const ADDRESS = /[^\s<>()",;:[\]]+@[^\s<>()",;:[\]]+/g;

/**
 * What one message means: RFC 3464 delivery status notifications (one
 * event per failed or delayed recipient), RFC 5965 abuse reports, mail to
 * the List-Unsubscribe mailto: address, auto-replies, bounces that are not
 * RFC 3464 (qmail, old Exim, X-Failed-Recipients), and anything else. It
 * finds the delivery token wherever tidings put one (the address it was
 * sent to, a report's Original-Mail-From or X-Postfix-Sender, the returned
 * message's Return-Path or List-Unsubscribe) and the returned message's
 * Message-ID; whether they name a real delivery is apply.ts's business.
 * Pure (mailparser reads the MIME).
 */
export async function classifyMessage(message: ReceivedMessage, config: Pick<Config, 'email'>): Promise<InboundEvent[]> {
  const parsed = await simpleParser(message.raw, { keepDeliveryStatus: true, skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const head = headerBlock(message.raw.subarray(0, 256 * 1024).toString('latin1'));
  const subject = parsed.subject ?? '';
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : message.receivedAt;
  const occurredAt = (date.getTime() > message.receivedAt.getTime() + 86_400_000 ? message.receivedAt : date).toISOString();
  const text = parsed.text ?? '';
  const part = (types: readonly string[]): Attachment | undefined => parsed.attachments.find((a) => types.includes(a.contentType.toLowerCase()));
  const embeddedPart = part(EMBEDDED);
  const embedded = embeddedPart ? headerBlock(embeddedPart.content.toString('utf8')) : new Map<string, string>();
  const originalMessageId = messageIdOf(embedded.get('message-id'));

  const deliveredTo = [...(message.envelopeTo ?? []), ...DELIVERED_TO.flatMap((name) => addresses(head.get(name)))];
  const base = { source: message.source, occurredAt, messageId: originalMessageId };
  const tokenFrom = (candidates: readonly string[], purpose?: 'bounce' | 'unsubscribe'): string | null => {
    for (const address of candidates) {
      const { tag } = untag(address);
      const parts = tag === null ? null : readDeliveryToken(tag);
      if (tag !== null && parts !== null && (purpose === undefined || parts.purpose === purpose)) return tag.toLowerCase();
    }
    return null;
  };
  const headersText = (block: FieldBlock, names: readonly string[]): string =>
    names.flatMap((name) => (block.has(name) ? [`${name.replace(/(^|-)\w/g, (c) => c.toUpperCase())}: ${block.get(name) ?? ''}`] : [])).join('\n');
  const summary = headersText(head, ['from', 'to', 'subject', 'date']);

  // RFC 3464: one event per recipient that failed or is delayed.
  const status = part(['message/delivery-status', 'global/delivery-status']);
  if (status !== undefined) {
    const blocks = fieldBlocks(status.content.toString('utf8'));
    const perMessage = blocks[0] ?? new Map<string, string>();
    const perRecipient = blocks.filter((block, i) => i > 0 || block.has('final-recipient') || block.has('original-recipient'));
    const token = tokenFrom([...deliveredTo, addressOf(perMessage.get('x-postfix-sender')) ?? '', addressOf(embedded.get('return-path')) ?? ''], 'bounce');
    const recipients = perRecipient.filter((block) => block.has('final-recipient') || block.has('original-recipient') || block.has('action'));
    const events = recipients.map((block): InboundEvent => {
      const diagnostic = block.get('diagnostic-code') ?? '';
      const code = enhancedCode(block.get('status')) ?? enhancedCode(diagnostic) ?? basicCode(diagnostic);
      return {
        ...base,
        kind: bounceKind(block.get('action') ?? null, code, diagnostic === '' || code === null || code.endsWith('.0.0') ? `${diagnostic} ${firstLines(text, 40)}` : diagnostic),
        deliveryToken: token,
        recipient: addressOf(block.get('final-recipient')) ?? addressOf(block.get('original-recipient')),
        status: code,
        excerpt: excerpt([summary, [...block].map(([k, v]) => `${k}: ${v}`).join('\n'), firstLines(text, 12)]),
      };
    });
    if (events.length > 0) return events;
  }

  // RFC 5965: an abuse report from a feedback loop.
  const feedback = part(['message/feedback-report']);
  if (feedback !== undefined) {
    const report = fieldBlocks(feedback.content.toString('utf8'))[0] ?? new Map<string, string>();
    const type = (report.get('feedback-type') ?? '').toLowerCase();
    const kind: InboundEventKind = type === 'abuse' || type === 'fraud' ? 'complaint' : 'other';
    const token = tokenFrom([
      addressOf(report.get('original-mail-from')) ?? '',
      addressOf(embedded.get('return-path')) ?? '',
      ...addresses(embedded.get('list-unsubscribe')),
    ]);
    const recipient = addressOf(report.get('original-rcpt-to')) ?? addresses(embedded.get('to'))[0] ?? null;
    return [
      {
        ...base,
        kind,
        deliveryToken: token,
        recipient,
        status: type === '' ? null : type,
        excerpt: excerpt([summary, [...report].map(([k, v]) => `${k}: ${v}`).join('\n'), headersText(embedded, ['from', 'to', 'subject', 'date', 'message-id'])]),
      },
    ];
  }

  // A bounce that is not RFC 3464 (qmail's "failure notice", old Exim, X-Failed-Recipients).
  const plain = plainBounce(head, subject, text);
  if (plain !== null) {
    const token = tokenFrom([...deliveredTo, addressOf(embedded.get('return-path')) ?? ''], 'bounce');
    const fallbackId = originalMessageId ?? messageIdOf(/^Message-ID:\s*(<[^>]+>)/im.exec(text)?.[1]);
    return plain.recipients.map((recipient) => ({
      ...base,
      messageId: fallbackId,
      kind: plain.status === null ? 'bounce-soft' : bounceKind(null, plain.status, plain.evidence),
      deliveryToken: token,
      recipient,
      status: plain.status,
      excerpt: excerpt([summary, plain.evidence]),
    }));
  }

  const other = (kind: InboundEventKind, token: string | null): InboundEvent[] => [
    { ...base, kind, deliveryToken: token, recipient: null, status: null, excerpt: excerpt([summary, firstLines(text, 8)], 1500) },
  ];
  if (isAutoReply(head, subject)) return other('auto-reply', tokenFrom(deliveredTo));
  // Mail to the List-Unsubscribe mailto: address unsubscribes whom its token names; the From line is never trusted.
  const toUnsubscribe = deliveredTo.filter((address) => inboundAddressKind(config, address) === 'unsubscribe');
  if (toUnsubscribe.length > 0) return other('unsubscribe', tokenFrom(toUnsubscribe, 'unsubscribe'));
  return other('other', tokenFrom(deliveredTo));
}

function addresses(value: string | undefined): string[] {
  return value === undefined ? [] : (value.match(ADDRESS) ?? []).map((a) => a.replace(/^mailto:/i, '').replace(/\?.*$/, ''));
}

function messageIdOf(value: string | undefined | null): string | null {
  const match = value ? /<[^<>\s]+>/.exec(value) : null;
  return match ? match[0] : null;
}
