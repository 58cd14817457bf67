import MimeNode from 'nodemailer/lib/mime-node';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import type { Config } from '../config/schema.js';
import type { RenderedIssue } from '../digest/render/render.js';
import { personalise } from '../digest/personalise.js';
import { NO_READER } from '../engagement/click-tokens.js';
import { SLOTS } from '../digest/render/tokens.js';
import { domainOf, parseMailbox } from '../subscribers/mailbox.js';
import { composeEml } from './compose.js';
import { unsubscribeMailto } from './list-headers.js';
import { buildMessage, messageBoundary } from './message.js';
import { compileQpTemplate, wireText, type HoledText, type QpTemplate, type WirePiece } from './splice-qp.js';

/**
 * One issue variant's email, composed once by nodemailer and then filled in
 * per recipient by splicing bytes: the To, Message-ID and List-Unsubscribe
 * header fields are made again with nodemailer's own header functions, the
 * MIME boundary (derived from the Message-ID) is put in its four places,
 * and the two quoted-printable bodies are filled hole by hole (see
 * splice-qp.ts). What comes out is byte for byte what
 * `composeEml(buildMessage(...))` gives for that recipient; compiling
 * checks that on a few unusual sample recipients and, should it ever not
 * hold (a nodemailer upgrade), the template composes every message whole
 * instead (`spliced` is then false and `reason` says why).
 */

/** Who a message is for, and what differs per recipient. */
export interface MessageRecipient {
  readonly email: string;
  /** '' or absent: no display name (the greeting says "there"). */
  readonly name?: string | null;
  /** `<id@domain>`: see deliveryMessageId. */
  readonly messageId: string;
  /** The recipient's signed links; the web version link must be the template's. */
  readonly preferencesUrl: string;
  readonly unsubscribeUrl: string;
  /** Their part of the click links (engagement.perSubscriber); absent: NO_READER (names nobody). */
  readonly reader?: string;
  /** The List-Unsubscribe mailto: URL with the recipient's token; default: the site's, without one. */
  readonly unsubscribeMailto?: string;
}

export interface MimeTemplate {
  /** True when messages are spliced; false when each is composed whole (slow). */
  readonly spliced: boolean;
  /** Why splicing is off, when it is. */
  readonly reason?: string;
  /** The whole message for one recipient, CRLF line ends, ready to send as `raw`. */
  message(recipient: MessageRecipient): Promise<Buffer>;
}

export interface MimeTemplateInput {
  readonly rendered: RenderedIssue;
  readonly config: Config;
  /** The Date header of every message made from it. */
  readonly date: Date;
  /** The issue's web version: the same for everyone. */
  readonly webVersionUrl: string;
  /** Told when one recipient's message is composed whole (an address beyond ASCII, an unusual Message-ID). */
  readonly composedWhole?: (email: string) => void;
}

/** Separates the values in the tiny rendering personalise() is run on: no value can contain it. */
const SEP = '\u0000';
const SLOT_INDEX = Object.fromEntries(SLOTS.map((slot, i) => [slot, i])) as Record<(typeof SLOTS)[number], number>;

type Hole = 'to' | 'message-id' | 'list-unsubscribe' | 'boundary' | 'text' | 'html';

interface Skeleton {
  /** Static bytes (as latin1 text) around the holes: one more than holes. */
  readonly pieces: readonly string[];
  readonly holes: readonly Hole[];
}

export async function compileMimeTemplate(input: MimeTemplateInput): Promise<MimeTemplate> {
  const { rendered, config, webVersionUrl } = input;
  const full = (recipient: MessageRecipient): Promise<Buffer> => composeEml(optionsFor(input, recipient));
  const fallback = (reason: string): MimeTemplate => ({ spliced: false, reason, message: full });

  const template = probes(config, webVersionUrl)[0] as MessageRecipient;
  const templateValues = slotValues(rendered, template, webVersionUrl);
  if (templateValues === null) return fallback('the sample recipient cannot be filled in');
  const text = compileQpTemplate(holed(rendered.text, templateValues.text), templateValues.text);
  const html = compileQpTemplate(holed(rendered.html, templateValues.html), templateValues.html);
  if (text === null || html === null) return fallback('a body cannot be spliced (see splice-qp.ts)');

  const composed = (await full(template)).toString('latin1');
  const bodyText = (qp: QpTemplate, values: readonly string[]): string => {
    const pieces: WirePiece[] = [];
    qp.fill(values, pieces);
    return wireText(pieces);
  };
  const skeleton = skeletonOf(composed, template, { text: bodyText(text, templateValues.text), html: bodyText(html, templateValues.html) });
  if (typeof skeleton === 'string') return fallback(skeleton);
  const statics = skeleton.pieces.map((piece) => Buffer.from(piece, 'latin1'));

  const mailto = listUrl(unsubscribeMailto(config));
  const mailtoOf = (recipient: MessageRecipient): string => (recipient.unsubscribeMailto === undefined ? mailto : listUrl(recipient.unsubscribeMailto));
  const keys = headerKeys(composed);
  // One node for header encoding, reused: making one per message costs more than the rest of the header work.
  const headers = new MimeNode(false);
  const splice = (recipient: MessageRecipient): Buffer | null => {
    const values = slotValues(rendered, recipient, webVersionUrl);
    // An address beyond ASCII (SMTPUTF8) or an odd Message-ID: composed whole, the safe way.
    if (values === null || !/^[\x21-\x7e]+$/.test(recipient.email) || !/^<[^<>\s@]+@[^<>\s@]+>$/.test(recipient.messageId)) return null;
    const boundary = messageBoundary(recipient.messageId);
    const out: WirePiece[] = [statics[0] as Buffer];
    for (let i = 0; i < skeleton.holes.length; i++) {
      switch (skeleton.holes[i]) {
        case 'to':
          out.push(headerBytes(foldLines(`${keys.to}: ${headers.encodeHeaderValue('To', toValue(recipient))}`, 76)));
          break;
        case 'message-id':
          out.push(headerBytes(foldLines(`${keys['message-id']}: ${headers.encodeHeaderValue('Message-ID', recipient.messageId)}`, 76)));
          break;
        case 'list-unsubscribe':
          out.push(foldLines(`${keys['list-unsubscribe']}: ${listUrl(recipient.unsubscribeUrl)}, ${mailtoOf(recipient)}`));
          break;
        case 'boundary':
          out.push(boundary);
          break;
        case 'text':
          text.fill(values.text, out);
          break;
        case 'html':
          html.fill(values.html, out);
          break;
      }
      out.push(statics[i + 1] as Buffer);
    }
    return assemble(out);
  };

  // The proof: unusual recipients spliced must be what nodemailer composes for them.
  for (const probe of probes(config, webVersionUrl)) {
    const spliced = splice(probe);
    if (spliced === null || !spliced.equals(await full(probe))) return fallback(`the spliced message for ${probe.email} differs from the composed one`);
  }

  return {
    spliced: true,
    async message(recipient) {
      const spliced = splice(recipient);
      if (spliced !== null) return spliced;
      input.composedWhole?.(recipient.email);
      return full(recipient);
    },
  };
}

/** A header line as it goes out: as it is when ASCII (the usual case), else its UTF-8 bytes. */
function headerBytes(line: string): WirePiece {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 0x7f) return Buffer.from(line, 'utf8');
  return line;
}

/** The pieces in one buffer: one allocation, one copy of each piece (strings are ASCII). */
function assemble(pieces: readonly WirePiece[]): Buffer {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const piece of pieces) at += typeof piece === 'string' ? out.write(piece, at, 'latin1') : piece.copy(out, at);
  return out;
}

/** The nodemailer message for a recipient, as buildMessage makes it. */
function optionsFor(input: MimeTemplateInput, recipient: MessageRecipient) {
  const personalised = personalise(input.rendered, {
    name: recipient.name ?? null,
    webVersionUrl: input.webVersionUrl,
    preferencesUrl: recipient.preferencesUrl,
    unsubscribeUrl: recipient.unsubscribeUrl,
    reader: recipient.reader ?? NO_READER,
  });
  return buildMessage({
    rendered: input.rendered,
    personalised,
    recipient: { email: recipient.email, name: recipient.name ?? null },
    config: input.config,
    messageId: recipient.messageId,
    date: input.date,
    ...(recipient.unsubscribeMailto === undefined ? {} : { unsubscribeMailto: recipient.unsubscribeMailto }),
  });
}

/** The To value exactly as buildMessage gives it. */
function toValue(recipient: MessageRecipient): string | { name: string; address: string } {
  const name = recipient.name?.trim();
  return name ? { name, address: recipient.email } : recipient.email;
}

/** A List-Unsubscribe URL exactly as nodemailer writes it (`_formatListUrl`). */
function listUrl(url: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters nodemailer drops
  const clean = url.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').replace(/[\s<]+|[\s>]+/g, '');
  if (/^(https?|mailto|ftp):/.test(clean)) return `<${clean}>`;
  if (/^[^@]+@[^@]+$/.test(clean)) return `<mailto:${clean}>`;
  return `<http://${clean}>`;
}

/**
 * The per-recipient values of each hole kind (SLOTS order), cleaned and
 * escaped exactly as personalise() does it, by running personalise() on a
 * tiny rendering made of separators. Null when a value cannot be used.
 */
function slotValues(rendered: RenderedIssue, recipient: MessageRecipient, webVersionUrl: string): { text: string[]; html: string[] } | null {
  const split = { parts: ['', ...SLOTS.slice(1).map(() => SEP), ''], slots: SLOTS.map((_, i) => i) };
  let personalised;
  try {
    personalised = personalise(
      { ...rendered, html: split, text: split },
      { name: recipient.name ?? null, webVersionUrl, preferencesUrl: recipient.preferencesUrl, unsubscribeUrl: recipient.unsubscribeUrl, reader: recipient.reader ?? NO_READER },
    );
  } catch {
    return null;
  }
  const text = personalised.text.split(SEP);
  const html = personalised.html.split(SEP);
  if (text.length !== SLOTS.length || html.length !== SLOTS.length) return null;
  return { text, html };
}

/** A rendered part with holes for the values that differ per recipient; the web version link is the same for everyone, so it is filled in now. */
function holed(split: RenderedIssue['html'], values: readonly string[]): HoledText {
  const pieces: string[] = [split.parts[0] ?? ''];
  const holes: number[] = [];
  split.slots.forEach((slot, i) => {
    const after = split.parts[i + 1] ?? '';
    if (slot === SLOT_INDEX.webVersionUrl) pieces[pieces.length - 1] += (values[slot] ?? '') + after;
    else {
      holes.push(slot);
      pieces.push(after);
    }
  });
  return { pieces, holes };
}

/** The spelling of each per-recipient header's name in the composed message. */
function headerKeys(message: string): Record<'to' | 'message-id' | 'list-unsubscribe', string> {
  const head = message.slice(0, message.indexOf('\r\n\r\n'));
  const key = (name: string): string => new RegExp(`^(${name}):`, 'im').exec(head)?.[1] ?? name;
  return { to: key('To'), 'message-id': key('Message-ID'), 'list-unsubscribe': key('List-Unsubscribe') };
}

/**
 * Cuts the composed template message at its per-recipient places: three
 * header fields (whole, folded lines included), every occurrence of the
 * boundary's derived part, and the two bodies (found by their expected
 * encoding). A string says why it cannot be cut.
 */
function skeletonOf(message: string, template: MessageRecipient, bodies: { text: string; html: string }): Skeleton | string {
  const headEnd = message.indexOf('\r\n\r\n');
  if (headEnd === -1) return 'the composed message has no header block';
  const found: { at: number; end: number; hole: Hole }[] = [];

  for (const [hole, name] of [
    ['to', 'to'],
    ['message-id', 'message-id'],
    ['list-unsubscribe', 'list-unsubscribe'],
  ] as const) {
    const fields = headerFields(message.slice(0, headEnd + 2)).filter((field) => field.name === name);
    if (fields.length !== 1) return `the composed message has ${fields.length} ${name} header fields, not one`;
    const field = fields[0] as { at: number; end: number };
    found.push({ at: field.at, end: field.end, hole });
  }

  const boundary = messageBoundary(template.messageId);
  for (let at = message.indexOf(boundary); at !== -1; at = message.indexOf(boundary, at + boundary.length)) {
    found.push({ at, end: at + boundary.length, hole: 'boundary' });
  }
  if (found.filter((f) => f.hole === 'boundary').length < 2) return 'the MIME boundary was not found in the composed message';

  for (const hole of ['text', 'html'] as const) {
    const body = bodies[hole];
    const at = message.indexOf(body, headEnd);
    if (at === -1 || message.indexOf(body, at + 1) !== -1) return `the ${hole} body is not where it was expected in the composed message`;
    found.push({ at, end: at + body.length, hole });
  }

  found.sort((a, b) => a.at - b.at);
  const pieces: string[] = [];
  const holes: Hole[] = [];
  let from = 0;
  for (const f of found) {
    if (f.at < from) return 'per-recipient places overlap in the composed message';
    pieces.push(message.slice(from, f.at));
    holes.push(f.hole);
    from = f.end;
  }
  pieces.push(message.slice(from));
  return { pieces, holes };
}

/** Header fields of a header block (ending in CRLF): lower-case name, and where the field (with its folded lines, without the final CRLF) starts and ends. */
function headerFields(head: string): { name: string; at: number; end: number }[] {
  const fields: { name: string; at: number; end: number }[] = [];
  let at = 0;
  while (at < head.length) {
    let end = head.indexOf('\r\n', at);
    while (end !== -1 && (head[end + 2] === ' ' || head[end + 2] === '\t')) end = head.indexOf('\r\n', end + 2);
    if (end === -1) end = head.length;
    const colon = head.indexOf(':', at);
    fields.push({ name: head.slice(at, colon === -1 || colon > end ? end : colon).toLowerCase(), at, end });
    at = end + 2;
  }
  return fields;
}

/**
 * Recipients that test the splicing where it could go wrong: no name; a
 * long name with non-ASCII letters, quotes and a comma (encoded words,
 * folding); a long ASCII name; long links and a large subscriber id that
 * move the soft line breaks. The first is the template's own recipient.
 */
function probes(config: Config, webVersionUrl: string): MessageRecipient[] {
  let domain = 'localhost';
  try {
    domain = domainOf(parseMailbox(config.email.from).address);
  } catch {
    // buildMessage reports an unusable From.
  }
  const base = webVersionUrl.replace(/issues\/[^/]*\/?$/, '');
  const link = (path: string, tokenLength: number) => `${base}${path}?token=${'aB3_-'.repeat(Math.ceil(tokenLength / 5)).slice(0, tokenLength)}.${'Zy9'.repeat(14)}`;
  return [
    { email: 'template@example.invalid', name: 'Template', messageId: `<template.1@${domain}>`, preferencesUrl: link('preferences', 60), unsubscribeUrl: link('unsubscribe', 60), reader: `1.${'aB3_-'.repeat(5)}` },
    { email: 'a@b.example', name: '', messageId: `<p.2@${domain}>`, preferencesUrl: link('preferences', 40), unsubscribeUrl: link('unsubscribe', 41), reader: NO_READER },
    {
      email: 'zoe.angstrom+roundup-readers@mail.subdomain.example.co.uk',
      name: 'Zoë “Zed” Ångström-Løvås, Ph.D. — 読者 😀 '.repeat(2).trim(),
      messageId: `<2019-W31.987654321.0123456789@${domain}>`,
      preferencesUrl: link('preferences', 97),
      unsubscribeUrl: link('unsubscribe', 98),
      reader: `9876543210987.${'Zy9-_'.repeat(5)}`,
      unsubscribeMailto: unsubscribeMailto(config, `u${'zz7'.repeat(5)}${'q2'.repeat(8)}`),
    },
    {
      email: 'x@y.example',
      name: `${'Maximilian Alexander '.repeat(5)}Smith`,
      messageId: `<2019-W31.42.abcdef0123@${domain}>`,
      preferencesUrl: link('preferences', 71),
      unsubscribeUrl: link('unsubscribe', 73),
      reader: `42.${'x'.repeat(22)}`,
    },
  ];
}

/** Exposed for tests: the sample recipients compileMimeTemplate proves itself on. */
export const probeRecipients = probes;
export type { QpTemplate };
