import type { Diagnostic } from '../../model/diagnostic.js';
import { diagnostic } from '../../model/diagnostic.js';
import { TemplateError } from '../template-error.js';
import type { TemplateFile, TemplateSet } from '../templates/files.js';
import { placeOffset } from '../templates/markers.js';
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

/** The templates an email was made of, to name the one that holds a problem. */
export interface EmailSources {
  readonly set: TemplateSet;
  /** The files source markers number (layout first). */
  readonly files: readonly TemplateFile[];
  /** The HTML of the marked rendering (see markers.ts), made only when a problem is found; undefined if it cannot be made. */
  readonly markedHtml: () => string | undefined;
}

/** A problem and how to find the template that made it. */
interface Finding {
  readonly message: string;
  readonly hint: string;
  /** Where it is in the HTML: the `nth` match of `pattern` (global), found again in the marked HTML. */
  readonly at?: { readonly pattern: RegExp; readonly nth: number; readonly outsideComments?: boolean };
  /** Template text that makes it, when the HTML has no marker near it (the head). */
  readonly source?: RegExp;
  /** The partial it belongs in when it is missing. */
  readonly belongs?: string;
}

const SCRIPT = /<script\b/gi;
const LINK = /<link\b[^>]*>/gi;
const IMPORT = /@import\b/gi;
const IMG = /<img\b[^>]*>/gi;
/** An MJML tag in the HTML: written where MJML reads HTML (mj-text, mj-button, mj-raw…), so it reached the email as it is. */
const MJ_TAG = /<mj-[a-z0-9-]*|<mjml\b/gi;

/**
 * What every email must be, whatever the templates say: no script, no
 * external stylesheet, no MJML tag left in the HTML, alt text on every
 * image, the web-version, preferences and unsubscribe links in both parts,
 * and every placeholder whole and where it belongs (URLs as whole href
 * values or text, the name only in text); and, when posts were moved to
 * the list of a clipped issue (`moreLabel`), that list. Throws TemplateError naming the
 * template file and line that made each problem.
 */
export function checkEmail(html: string, text: string, split: { html: SplitText; text: SplitText }, tokens: Tokens, sources: EmailSources, moreLabel?: string): void {
  const findings: Finding[] = [];
  if (moreLabel !== undefined && !html.includes(moreLabel)) {
    findings.push({
      message: `this issue is too large for one email, so its last posts go in a list ("${moreLabel}"), but the templates do not show it: those posts would be missing`,
      hint: 'put {{#with more}}{{> more-posts}}{{/with}} before {{> footer}} in the layout, as the built-in layout does',
    });
  }
  const each = (pattern: RegExp, test: (match: string) => boolean, make: (match: string) => Omit<Finding, 'at'>, outsideComments = false): void => {
    let nth = 0;
    for (const at of matches(html, pattern, outsideComments)) {
      if (test(at.text)) findings.push({ ...make(at.text), at: { pattern, nth, outsideComments } });
      nth++;
    }
  };
  each(SCRIPT, () => true, () => ({ message: 'the email contains a <script>', hint: 'mail clients refuse scripts: remove it from the templates', source: /<script\b/i }));
  each(
    LINK,
    (tag) => /\brel\s*=\s*["']?stylesheet/i.test(tag),
    (tag) => ({ message: `the email links an external stylesheet: ${tag}`, hint: 'remove mj-font elements with an href; put styles in mj-style', source: /<mj-font\b[^>]*\bhref|<link\b/i }),
  );
  each(IMPORT, () => true, () => ({ message: 'the email imports an external stylesheet (@import)', hint: 'put styles in mj-style', source: /@import\b/i }));
  each(
    IMG,
    (tag) => !/\balt\s*=\s*"[^"]*\S[^"]*"/i.test(tag),
    (tag) => ({ message: `an image has no alt text: ${tag.slice(0, 200)}`, hint: 'say what the image shows in its alt attribute (mj-image alt="…")' }),
  );
  each(
    MJ_TAG,
    () => true,
    (tag) => ({
      message: `the MJML tag ${tag}> reached the email as it is: it is inside an element whose content MJML reads as HTML (mj-text, mj-button, mj-raw, mj-table…)`,
      hint: 'close that element before it, or write HTML there (a partial included inside mj-text must hold HTML only)',
    }),
    true,
  );
  for (const slot of URL_SLOTS) {
    if (slotCount(split.html, slot) === 0 || slotCount(split.text, slot) === 0) {
      findings.push({ message: `the email has no ${NEEDED[slot] ?? slot} in its HTML and text parts`, hint: 'every roundup needs the web version, preferences and unsubscribe links', belongs: 'footer' });
    }
  }
  findings.push(...misplaced(html, tokens));
  const prefix = prefixOf(tokens);
  for (const [part, body, cut] of [['HTML', html, split.html], ['text', text, split.text]] as const) {
    if (count(body, prefix) !== cut.slots.length) {
      findings.push({ message: `a placeholder was altered in the ${part} part (${prefix}…)`, hint: 'do not transform {{links.*}} or {{recipient.name}} values in the templates' });
    }
  }
  if (findings.length > 0) throw new TemplateError(place(findings, sources));
}

/** Placeholders in the HTML outside the places they may go. */
function misplaced(html: string, tokens: Tokens): Finding[] {
  const findings: Finding[] = [];
  for (const slot of SLOTS) {
    // The reader's part of a click link sits inside the href that links.ts made, never where a template put it.
    if (slot === 'reader') continue;
    const token = tokens[slot];
    const pattern = new RegExp(token.replace(/[%]/g, '\\$&'), 'g');
    let nth = 0;
    for (let at = html.indexOf(token); at !== -1; at = html.indexOf(token, at + token.length), nth++) {
      const inTag = html.lastIndexOf('<', at) > html.lastIndexOf('>', at);
      if (!inTag) continue;
      const wholeHref = html.slice(Math.max(0, at - 6), at) === 'href="' && html[at + token.length] === '"';
      if (slot === 'name' || !wholeHref) {
        findings.push({
          message: `${slot === 'name' ? '{{recipient.name}}' : `the ${slot} link`} is used inside a tag`,
          hint: slot === 'name' ? 'the name may only appear as text' : 'use it as a whole href value: href="{{links…}}"',
          at: { pattern, nth },
        });
      }
    }
  }
  return findings;
}

/** Each finding as a diagnostic at the template file and line that made it: by marker, else by its source text, else the file it belongs in (the layout at worst). */
function place(findings: readonly Finding[], sources: EmailSources): Diagnostic[] {
  const layout = sources.set.layout.file;
  let marked: string | undefined | null = null;
  return findings.map((finding) => {
    if (finding.at !== undefined) {
      if (marked === null) marked = sources.markedHtml();
      const offset = marked === undefined ? undefined : [...matches(marked, finding.at.pattern, finding.at.outsideComments ?? false)][finding.at.nth]?.index;
      const where = marked === undefined || offset === undefined ? undefined : placeOffset(marked, offset);
      const file = where === undefined ? undefined : sources.files[where.fileIndex];
      if (file !== undefined && where !== undefined) return diagnostic(file.file, where.line, finding.message, finding.hint);
    }
    if (finding.source !== undefined) {
      for (const file of sources.files) {
        const m = finding.source.exec(file.source);
        if (m) return diagnostic(file.file, file.source.slice(0, m.index).split('\n').length, finding.message, finding.hint);
      }
    }
    // The partial it belongs in, if the templates use it at all; else the layout, which leaves it out.
    const used = finding.belongs !== undefined && sources.files.some((file) => new RegExp(`\\{\\{>\\s*${finding.belongs}\\b`).test(file.source));
    const home = used && finding.belongs !== undefined ? sources.set.partials.get(finding.belongs) : undefined;
    return diagnostic(home?.file ?? layout, 0, finding.message, finding.hint);
  });
}

/** The matches of `pattern` (global) in `html`, those inside an HTML comment left out when asked (a template's comment, a marker). */
function* matches(html: string, pattern: RegExp, outsideComments: boolean): Generator<{ text: string; index: number }> {
  for (const m of html.matchAll(pattern)) {
    if (outsideComments && html.lastIndexOf('<!--', m.index) > html.lastIndexOf('-->', m.index)) continue;
    yield { text: m[0], index: m.index };
  }
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}
