import type { Config } from '../../config/schema.js';
import type { Issue } from '../model.js';
import { issueUrl } from '../paths.js';
import type { DigestTemplates } from '../templates/compile.js';
import { siteUrl } from '../../feeds/urls.js';
import { MAX_TOKEN } from '../../subscribers/tokens.js';
import { checkEmail } from './checks.js';
import { clipIssue, fitCards } from './clip.js';
import { markedHtml, mjmlToHtml } from './mjml.js';
import { padPreheader } from './preheader.js';
import type { SplitText } from './split.js';
import { splitAt } from './split.js';
import { stencilHtml } from './stencil.js';
import { htmlToText } from './text.js';
import type { Tokens } from './tokens.js';
import { ENGINE } from './engine.js';
import { makeTokens, prefixOf, SLOTS } from './tokens.js';
import { emailView } from './view.js';
import { MAX_READER_TOKEN } from '../../engagement/click-tokens.js';
import { checkNotice, engagementView, trackedIssue } from './links.js';

/** Gmail clips an HTML part larger than about 102 KB; every roundup stays under this. */
export const HTML_BUDGET_BYTES = 100_000;

/** Bytes allowed for the recipient's name in the HTML: its 100 characters (and one), each escaped at worst to `&quot;`. */
const NAME_ALLOWANCE_BYTES = 101 * 6;

export interface RenderContext {
  readonly config: Config;
  readonly templates: DigestTemplates;
  /**
   * HTML that MJML already made of these exact MJML documents elsewhere (on
   * a worker thread, see mjml-pool.ts), with the same options: used instead
   * of compiling again. A document not in it is compiled here.
   */
  readonly compiled?: ReadonlyMap<string, string>;
  /**
   * false: compile every issue's whole MJML document, as before stencils
   * (stencil.ts): the reference the stencil path is tested against. By
   * default an issue's HTML is joined from fragments compiled once per
   * template version.
   */
  readonly stencils?: boolean;
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
  /** Posts listed by title under "N more posts this week" instead of shown as cards, to keep it under HTML_BUDGET_BYTES (see clip.ts). */
  readonly moved: number;
  readonly warnings: readonly string[];
}

/**
 * Handlebars, then MJML (strict), then html-to-text: the one expensive step,
 * done once per issue and variant, never per recipient. Pure: the templates
 * and config come in; nothing is read or written. A template problem throws
 * TemplateError naming the template file and line. An issue too large for
 * one email is rendered again without excerpts, and if that is still too
 * large, with its last posts listed by title instead of shown as cards.
 */
export function renderIssue(issue: Issue, ctx: RenderContext, variant = '*'): RenderedIssue {
  const full = renderOnce(issue, ctx, variant, 'full');
  if (full.maxHtmlBytes <= HTML_BUDGET_BYTES) return full;
  const which = `issue ${issue.id}${variant === '*' ? '' : ` (themes ${variant})`}`;
  const compact = renderOnce(issue, ctx, variant, 'compact');
  const over = `${which}: ${issue.postCount} posts make a ${kb(full.maxHtmlBytes)} email, over the ${kb(HTML_BUDGET_BYTES)} Gmail shows unclipped`;
  if (compact.maxHtmlBytes <= HTML_BUDGET_BYTES) return { ...compact, warnings: [`${over}; excerpts left out`] };
  const cards = issue.sections.reduce((n, section) => n + section.posts.length, 0);
  const fitted = fitCards(cards, HTML_BUDGET_BYTES, (keep) => renderOnce(issue, ctx, variant, 'clipped', keep), compact).rendered;
  const label = clipIssue(issue, cards - fitted.moved).more?.label ?? '';
  const warnings = [
    `${over} (${kb(compact.maxHtmlBytes)} without excerpts); ${fitted.moved} of them moved to the list "${label}" at the end (titles linked, with a link to the web version), so that the footer stays in view`,
  ];
  if (fitted.maxHtmlBytes > HTML_BUDGET_BYTES) {
    warnings.push(`${which}: still ${kb(fitted.maxHtmlBytes)} with every post in the list; Gmail will clip it (consider digest.period: daily)`);
  }
  return { ...fitted, warnings };
}

/** The issue with only its first `keep` posts as cards and the others in the list, whatever its size (see probe.ts). */
export function renderWithCards(issue: Issue, ctx: RenderContext, keep: number): RenderedIssue {
  return renderOnce(issue, ctx, '*', 'clipped', keep);
}

/**
 * What every placeholder of a rendering of these inputs starts with, for
 * the full, the compact and the clipped form: a digest of the templates, config, issue,
 * variant and engine. An email.mjml holding one of them is current.
 */
export function renderKeys(issue: Issue, ctx: RenderContext, variant = '*'): [full: string, compact: string, clipped: string] {
  const key = (form: Form) => prefixOf(makeTokens(seed(issue, ctx, variant, form)));
  return [key('full'), key('compact'), key('clipped')];
}

/** Whole, without excerpts, or without excerpts and with its last posts in a list. */
type Form = 'full' | 'compact' | 'clipped';

function seed(issue: Issue, ctx: RenderContext, variant: string, form: Form): string {
  // 'true' and 'false' for the forms that existed before clipping: the same seeds as then.
  const mode = form === 'full' ? 'true' : form === 'compact' ? 'false' : 'clipped';
  return [ENGINE, ctx.templates.fingerprint, variant, mode, JSON.stringify(ctx.config), JSON.stringify(issue)].join('\0');
}

/**
 * The MJML document renderIssue compiles first for this issue (the whole
 * form): what a worker can compile ahead (see RenderContext.compiled).
 */
export function issueMjml(issue: Issue, ctx: RenderContext, variant = '*'): string {
  return documentOf(issue, ctx, variant, 'full', Infinity).mjml;
}

function documentOf(issue: Issue, ctx: RenderContext, variant: string, form: Form, keep: number) {
  const { config, templates } = ctx;
  const tokens = makeTokens(seed(issue, ctx, variant, form));
  // Links to posts become click links first (when counted), so that the posts listed under "N more" have them too.
  const { kept, more } = clipIssue(trackedIssue(issue, config, tokens), keep);
  const view = { ...emailView(kept, config, tokens, form === 'full'), more, engagement: engagementView(config) };
  return { tokens, more, view, mjml: templates.render(view) };
}

function renderOnce(issue: Issue, ctx: RenderContext, variant: string, form: Form, keep = Infinity): RenderedIssue {
  const { config, templates } = ctx;
  const { tokens, more, view, mjml } = documentOf(issue, ctx, variant, form, keep);
  const source = { mjml, marked: () => templates.renderMarked(view), files: templates.files };
  const compiled = ctx.compiled?.get(mjml) ?? (ctx.stencils === false ? undefined : stencilHtml(view, mjml, templates));
  const html = tidy(padPreheader(compiled ?? mjmlToHtml(source)));
  const text = htmlToText(html);
  const split = { html: splitAt(html, tokens), text: splitAt(text, tokens) };
  checkEmail(html, text, split, tokens, { set: templates.set, files: templates.files, markedHtml: () => markedHtml(source) }, more?.label);
  checkNotice(html, text, config, templates.set);
  const tokenBytes = split.html.slots.reduce((n, slot) => n + tokens[SLOTS[slot] ?? 'name'].length, 0);
  const allowance = allowances(config, issue);
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
    maxHtmlBytes: Buffer.byteLength(html, 'utf8') - tokenBytes + split.html.slots.reduce((n, slot) => n + (allowance[SLOTS[slot] ?? 'name'] ?? 0), 0),
    compact: form !== 'full',
    moved: more?.count ?? 0,
    warnings: [],
  };
}

/**
 * The most bytes each per-recipient value can add to the HTML part: the
 * name at its longest, escaped; a signed link at its longest (a token is at
 * most MAX_TOKEN characters, base64url, which needs no escaping); a
 * click link's reader part at its longest.
 */
function allowances(config: Config, issue: Issue): Readonly<Record<string, number>> {
  const link = Math.max(siteUrl(config, 'preferences?token=').length, siteUrl(config, 'unsubscribe?token=').length) + MAX_TOKEN;
  return { name: NAME_ALLOWANCE_BYTES, webVersionUrl: Math.max(link, Buffer.byteLength(issueUrl(config, issue.id))), preferencesUrl: link, unsubscribeUrl: link, reader: MAX_READER_TOKEN };
}

/** MJML's indentation and blank lines, gone (bytes that count towards Gmail's limit); left alone where whitespace matters. */
function tidy(html: string): string {
  if (/<(pre|textarea)\b/i.test(html)) return html;
  return html.replace(/[ \t]*\n[ \t\n]*/g, '\n');
}

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1000)} kB`;
}
