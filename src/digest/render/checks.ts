import type { Diagnostic } from '../../model/diagnostic.js';
import { diagnostic } from '../../model/diagnostic.js';
import { TemplateError } from '../template-error.js';
import type { TemplateSet } from '../templates/files.js';
import type { SplitText } from './split.js';
import { slotCount } from './split.js';
import type { Slot, Tokens } from './tokens.js';
import { prefixOf, SLOTS } from './tokens.js';

/** URL slots: each must appear as a whole href value (or as text); every email must have all three. */
const URL_SLOTS: readonly Slot[] = ['webVersionUrl', 'preferencesUrl', 'unsubscribeUrl'];

const NEEDED: Readonly<Record<string, string>> = {
  webVersionUrl: 'link to the web version ({{links.webVersion}})',
  preferencesUrl: 'preferences link ({{links.preferences}})',
  unsubscribeUrl: 'unsubscribe link ({{links.unsubscribe}})',
};

/**
 * What every email must be, whatever the templates say: no script, no
 * external stylesheet, alt text on every image, the web-version, preferences and unsubscribe links in
 * both parts, and every placeholder whole and where it belongs (URLs as
 * whole href values or text, the name only in text). Throws TemplateError.
 */
export function checkEmail(html: string, text: string, split: { html: SplitText; text: SplitText }, tokens: Tokens, set: TemplateSet): void {
  const layout = set.layout.file;
  const footer = set.partials.get('footer')?.file ?? layout;
  const problems: Diagnostic[] = [];
  if (/<script\b/i.test(html)) problems.push(diagnostic(layout, 0, 'the email contains a <script>', 'mail clients refuse scripts: remove it from the templates'));
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    if (/\brel\s*=\s*["']?stylesheet/i.test(m[0])) problems.push(diagnostic(layout, 0, `the email links an external stylesheet: ${m[0]}`, 'remove mj-font elements with an href; put styles in mj-style'));
  }
  if (/@import\b/i.test(html)) problems.push(diagnostic(layout, 0, 'the email imports an external stylesheet (@import)', 'put styles in mj-style'));
  for (const m of html.matchAll(/<img\b[^>]*>/gi)) {
    if (!/\balt\s*=\s*"[^"]*\S[^"]*"/i.test(m[0])) problems.push(diagnostic(layout, 0, `an image has no alt text: ${m[0].slice(0, 200)}`, 'say what the image shows in its alt attribute (mj-image alt="…")'));
  }

  for (const slot of URL_SLOTS) {
    if (slotCount(split.html, slot) === 0 || slotCount(split.text, slot) === 0) {
      problems.push(diagnostic(footer, 0, `the email has no ${NEEDED[slot] ?? slot} in its HTML and text parts`, 'every roundup needs the web version, preferences and unsubscribe links'));
    }
  }
  problems.push(...misplaced(html, tokens, layout));
  const prefix = prefixOf(tokens);
  for (const [part, body, cut] of [['HTML', html, split.html], ['text', text, split.text]] as const) {
    if (count(body, prefix) !== cut.slots.length) {
      problems.push(diagnostic(layout, 0, `a placeholder was altered in the ${part} part (${prefix}…)`, 'do not transform {{links.*}} or {{recipient.name}} values in the templates'));
    }
  }
  if (problems.length > 0) throw new TemplateError(problems);
}

/** Placeholders in the HTML outside the places they may go. */
function misplaced(html: string, tokens: Tokens, layout: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const slot of SLOTS) {
    // The reader's part of a click link sits inside the href that links.ts made, never where a template put it.
    if (slot === 'reader') continue;
    const token = tokens[slot];
    for (let at = html.indexOf(token); at !== -1; at = html.indexOf(token, at + token.length)) {
      const inTag = html.lastIndexOf('<', at) > html.lastIndexOf('>', at);
      if (!inTag) continue;
      const wholeHref = html.slice(Math.max(0, at - 6), at) === 'href="' && html[at + token.length] === '"';
      if (slot === 'name' || !wholeHref) {
        problems.push(
          diagnostic(layout, 0, `${slot === 'name' ? '{{recipient.name}}' : `the ${slot} link`} is used inside a tag`, slot === 'name' ? 'the name may only appear as text' : 'use it as a whole href value: href="{{links…}}"'),
        );
      }
    }
  }
  return problems;
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}
