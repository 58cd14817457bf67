import type { RenderedIssue } from './render/render.js';
import { joinSplit } from './render/split.js';
import { SLOTS } from './render/tokens.js';
import type { Slot } from './render/tokens.js';
import { NO_READER } from '../engagement/click-tokens.js';
import { escapeHtmlChars } from '../text/html-escape.js';

/** What differs per recipient. The URLs come signed from the caller (the sender, or a build's sample). */
export interface RecipientValues {
  /** Shown in the greeting; "there" when absent or blank. */
  readonly name?: string | null;
  readonly webVersionUrl: string;
  readonly preferencesUrl: string;
  /** The unsubscribe link in the footer, and the https URL of List-Unsubscribe. */
  readonly unsubscribeUrl: string;
  /** The subscriber's part of the click links (engagement.perSubscriber; see render/links.ts); absent: NO_READER. */
  readonly reader?: string;
}

/** One recipient's email, ready for buildMessage. */
export interface PersonalisedEmail {
  readonly subject: string;
  readonly preheader: string;
  readonly html: string;
  readonly text: string;
  readonly unsubscribeUrl: string;
}

/** The greeting's name for a recipient without one. */
export const NO_NAME = 'there';

/**
 * Fills a rendered issue in for one recipient: a join of the parts cut at
 * render time, values HTML-escaped in the HTML part and as they are in the
 * text part. No parsing, no regular expression: cheap enough to run for
 * every subscriber. Throws TypeError for a URL that is not http(s) or mailto.
 */
export function personalise(rendered: RenderedIssue, recipient: RecipientValues): PersonalisedEmail {
  const raw: Record<Slot, string> = {
    name: cleanName(recipient.name),
    webVersionUrl: checkUrl(recipient.webVersionUrl, 'webVersionUrl'),
    preferencesUrl: checkUrl(recipient.preferencesUrl, 'preferencesUrl'),
    unsubscribeUrl: checkUrl(recipient.unsubscribeUrl, 'unsubscribeUrl'),
    reader: checkReader(recipient.reader ?? NO_READER),
  };
  const text = SLOTS.map((slot) => raw[slot]);
  const html = text.map(escapeHtmlChars);
  return {
    subject: rendered.subject,
    preheader: rendered.preheader,
    html: joinSplit(rendered.html, html),
    text: joinSplit(rendered.text, text),
    unsubscribeUrl: raw.unsubscribeUrl,
  };
}

/** The name on one line, without control characters, at most 100 characters. */
function cleanName(name: string | null | undefined): string {
  if (name === null || name === undefined) return NO_NAME;
  let out = '';
  let space = false;
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      space = out !== '';
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
    if (out.length >= 100) break;
  }
  return out === '' ? NO_NAME : out;
}

function checkUrl(url: string, what: string): string {
  const head = url.slice(0, 8).toLowerCase();
  const ok = head.startsWith('https://') || head.startsWith('http://') || head.startsWith('mailto:');
  let clean = ok;
  for (let i = 0; clean && i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) clean = false;
  }
  if (!clean) throw new TypeError(`personalise: ${what} must be an http(s) or mailto URL without spaces, not "${url.slice(0, 100)}"`);
  return url;
}

/** A reader token is a path segment of letters, digits, `.`, `_` and `-`: nothing to escape. */
function checkReader(reader: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(reader)) throw new TypeError(`personalise: reader must be a click token, not "${reader.slice(0, 100)}"`);
  return reader;
}
