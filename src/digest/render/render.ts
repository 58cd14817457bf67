import type { Config } from '../../config/schema.js';
import type { Issue } from '../model.js';
import type { DigestTemplates } from '../templates/compile.js';
import { checkEmail } from './checks.js';
import { mjmlToHtml } from './mjml.js';
import type { SplitText } from './split.js';
import { splitAt } from './split.js';
import { htmlToText } from './text.js';
import type { Tokens } from './tokens.js';
import { ENGINE } from './engine.js';
import { makeTokens, prefixOf, SLOTS } from './tokens.js';
import { emailView } from './view.js';
import { MAX_READER_TOKEN } from '../../engagement/click-tokens.js';
import { checkNotice, engagementView, trackedIssue } from './links.js';

/** Gmail clips an HTML part larger than about 102 KB; every roundup stays under this. */
export const HTML_BUDGET_BYTES = 100_000;

/** Bytes allowed for each per-recipient value when checking the budget (a signed URL, a name). */
const VALUE_ALLOWANCE_BYTES = 256;

export interface RenderContext {
  readonly config: Config;
  readonly templates: DigestTemplates;
}

/** One issue (or one variant of it) rendered, ready to be personalised per recipient. */
export interface RenderedIssue {
  readonly issueId: string;
  /** '*' for the whole issue, else the theme slugs of the variant (see variantKey). */
  readonly variant: string;
  readonly subject: string;
  readonly preheader: string;
  /** ISO 8601 instant: the issue's date. */
  readonly date: string;
  /** The MJML the templates made, with placeholders. */
  readonly mjml: string;
  /** The HTML and text parts, cut at their placeholders. */
  readonly html: SplitText;
  readonly text: SplitText;
  readonly tokens: Tokens;
  /** Size of the HTML part with generous room for the per-recipient values. */
  readonly maxHtmlBytes: number;
  /** True when excerpts were left out to keep the HTML part under HTML_BUDGET_BYTES. */
  readonly compact: boolean;
  readonly warnings: readonly string[];
}

/**
 * Handlebars, then MJML (strict), then html-to-text: the one expensive step,
 * done once per issue and variant, never per recipient. Pure: the templates
 * and config come in; nothing is read or written. A template problem throws
 * TemplateError naming the template file and line. An issue too large for
 * one email is rendered again without excerpts.
 */
export function renderIssue(issue: Issue, ctx: RenderContext, variant = '*'): RenderedIssue {
  const full = renderOnce(issue, ctx, variant, true);
  if (full.maxHtmlBytes <= HTML_BUDGET_BYTES) return full;
  const compact = renderOnce(issue, ctx, variant, false);
  const warnings = [
    `issue ${issue.id}${variant === '*' ? '' : ` (themes ${variant})`}: ${issue.postCount} posts make a ${kb(full.maxHtmlBytes)} email, over the ${kb(HTML_BUDGET_BYTES)} Gmail shows unclipped; excerpts left out`,
  ];
  if (compact.maxHtmlBytes > HTML_BUDGET_BYTES) {
    warnings.push(`issue ${issue.id}: still ${kb(compact.maxHtmlBytes)} without excerpts; Gmail will clip it (consider digest.period: daily)`);
  }
  return { ...compact, warnings };
}

/**
 * What every placeholder of a rendering of these inputs starts with, for
 * the full and the compact form: a digest of the templates, config, issue,
 * variant and engine. An email.mjml holding one of them is current.
 */
export function renderKeys(issue: Issue, ctx: RenderContext, variant = '*'): [full: string, compact: string] {
  return [prefixOf(makeTokens(seed(issue, ctx, variant, true))), prefixOf(makeTokens(seed(issue, ctx, variant, false)))];
}

function seed(issue: Issue, ctx: RenderContext, variant: string, excerpts: boolean): string {
  return [ENGINE, ctx.templates.fingerprint, variant, String(excerpts), JSON.stringify(ctx.config), JSON.stringify(issue)].join('\0');
}

function renderOnce(issue: Issue, ctx: RenderContext, variant: string, excerpts: boolean): RenderedIssue {
  const { config, templates } = ctx;
  const tokens = makeTokens(seed(issue, ctx, variant, excerpts));
  const view = { ...emailView(trackedIssue(issue, config, tokens), config, tokens, excerpts), engagement: engagementView(config) };
  const mjml = templates.render(view);
  const html = tidy(mjmlToHtml({ mjml, marked: () => templates.renderMarked(view), files: templates.files }));
  const text = htmlToText(html);
  const split = { html: splitAt(html, tokens), text: splitAt(text, tokens) };
  checkEmail(html, text, split, tokens, templates.set);
  checkNotice(html, text, config, templates.set);
  const tokenBytes = split.html.slots.reduce((n, slot) => n + tokens[SLOTS[slot] ?? 'name'].length, 0);
  return {
    issueId: issue.id,
    variant,
    subject: issue.subject,
    preheader: issue.preheader,
    date: issue.date,
    mjml,
    html: split.html,
    text: split.text,
    tokens,
    maxHtmlBytes: Buffer.byteLength(html, 'utf8') - tokenBytes + split.html.slots.reduce((n, slot) => n + (SLOTS[slot] === 'reader' ? MAX_READER_TOKEN : VALUE_ALLOWANCE_BYTES), 0),
    compact: !excerpts,
    warnings: [],
  };
}

/** MJML's indentation and blank lines, gone (bytes that count towards Gmail's limit); left alone where whitespace matters. */
function tidy(html: string): string {
  if (/<(pre|textarea)\b/i.test(html)) return html;
  return html.replace(/[ \t]*\n[ \t\n]*/g, '\n');
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1000)} kB`;
}
