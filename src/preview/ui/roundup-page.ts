import { HTML_BUDGET_BYTES } from '../../digest/render/render.js';
import type { Issue } from '../../digest/model.js';
import { issuePath } from '../../digest/paths.js';
import type { RoundupPreview, RoundupResult } from '../email/roundup-preview.js';
import type { Snapshot } from '../session/snapshot.js';
import { esc, href, kb } from './html.js';
import { problemItem } from './problems.js';
import type { ViewOption } from './views.js';
import { figure, frame, headersTable, part, viewSwitch } from './views.js';

/** Gmail clips a message whose HTML is larger than about this (bytes). */
export const GMAIL_CLIP_BYTES = 102_000;

export const ROUNDUP_VIEWS: readonly ViewOption[] = [
  { value: 'both', label: 'Desktop + mobile' },
  { value: 'desktop', label: 'Desktop 600 px' },
  { value: 'mobile', label: 'Mobile 375 px' },
  { value: 'dark', label: 'Dark mode' },
  { value: 'text', label: 'Plain text' },
  { value: 'headers', label: 'Headers' },
  { value: 'mjml', label: 'MJML' },
  { value: 'web', label: 'Web version' },
];

export type Notice = { readonly kind: 'ok' | 'bad'; readonly html: string };

export interface RoundupPageModel {
  readonly snapshot: Snapshot;
  readonly issue: Issue;
  readonly previous: Issue | undefined;
  readonly next: Issue | undefined;
  /** Themes the sample subscriber follows (none: everything). */
  readonly themes: readonly string[];
  readonly view: string;
  readonly result: RoundupResult;
  readonly notice?: Notice;
  /** The send-a-test form's address. */
  readonly testAddress: string;
  readonly inboxUrl: string;
}

/** One roundup as its subscribers get it: the email at two widths and in dark mode, its text part, headers, size and checks. */
export function roundupMain(m: RoundupPageModel): string {
  const { issue, result } = m;
  const id = encodeURIComponent(issue.id);
  const themesParam = m.themes.length > 0 ? [...m.themes].sort().join(',') : undefined;
  const web = `/site/${issuePath(issue.id).split('/').map(encodeURIComponent).join('/')}`;
  const crumbs = [
    '<nav class="crumbs" aria-label="Roundups">',
    '<a href="/">← All roundups</a>',
    '<ul>',
    m.previous ? `<li><a href="${esc(href(`/roundups/${encodeURIComponent(m.previous.id)}`, { view: m.view }))}" rel="prev">← Issue ${m.previous.number}</a></li>` : '',
    m.next ? `<li><a href="${esc(href(`/roundups/${encodeURIComponent(m.next.id)}`, { view: m.view }))}" rel="next">Issue ${m.next.number} →</a></li>` : '',
    '</ul>',
    '</nav>',
  ].join('');
  const eml = href(`/roundups/${id}/message.eml`, { themes: themesParam });
  const head = [
    crumbs,
    `<h1>Issue ${issue.number}: ${esc(issue.period.label)}</h1>`,
    `<p class="meta">${esc(issue.period.range)} · ${issue.postCount} ${issue.postCount === 1 ? 'post' : 'posts'} · <a href="${esc(web)}">Web version</a> · <a href="${esc(href('/plan', { issue: issue.id }))}">Why these posts? (plan)</a>${
      result.kind === 'ok' ? ` · <a href="${esc(eml)}" download="${esc(`${issue.id}.eml`)}">Download the message (.eml)</a>` : ''
    }</p>`,
    m.notice ? `<p class="notice${m.notice.kind === 'bad' ? ' bad' : ''}" role="status">${m.notice.html}</p>` : '',
  ];
  const toolbar = `<div class="toolbar">${variantForm(m)}${result.kind === 'ok' ? sendForm(m, themesParam) : ''}</div>`;

  if (result.kind === 'none') {
    return [...head, toolbar, '<p class="empty">A subscriber who follows only these themes gets no email for this issue: none of its posts is in them.</p>'].join('\n');
  }
  if (result.kind === 'broken') {
    const inBanner = result.problems.every((p) => m.snapshot.problems.includes(p));
    const list = inBanner
      ? '<p>This roundup cannot be rendered until the templates are fixed (see above). Save the fix and it appears here.</p>'
      : `<section class="problems" role="alert"><h2>This roundup cannot be rendered</h2><ol>${result.problems.map((p) => `<li>${problemItem(p)}</li>`).join('')}</ol></section>`;
    return [...head, toolbar, list].join('\n');
  }
  const p = result.preview;
  const emailSrc = href(`/roundups/${id}/email.html`, { themes: themesParam });
  const darkSrc = href(`/roundups/${id}/email.html`, { themes: themesParam, scheme: 'dark' });
  const v = m.view;
  const stage = [
    part(['both', 'desktop'], v, figure('Desktop · 600 px wide', frame({ src: emailSrc, title: 'The email, 600 pixels wide', className: 'mail w600', eager: ['both', 'desktop'].includes(v) }))),
    part(['both', 'mobile'], v, figure('Mobile · 375 px wide', frame({ src: emailSrc, title: 'The email, 375 pixels wide (a phone)', className: 'mail w375', eager: ['both', 'mobile'].includes(v) }))),
    part(
      ['dark'],
      v,
      figure(
        p.darkStyles
          ? 'Dark mode · 600 px · as mail apps in dark mode show it (the email’s own dark styles)'
          : 'Dark mode · this email has no dark styles of its own: mail apps will change its colours their own way',
        frame({ src: darkSrc, title: 'The email in dark mode', className: 'mail w600', eager: v === 'dark' }),
        'dark-bg',
      ),
    ),
    part(['text'], v, figure('Plain-text part · what text-only mail apps, watches and notification previews show', `<pre class="text" tabindex="0">${esc(p.email.text)}</pre>`)),
    part(['headers'], v, headersTable(p.headers, 'The sample message’s headers, as sent (encoded words left as they are)')),
    part(['mjml'], v, figure('The MJML the templates made (per-recipient values are placeholders here)', `<pre class="raw" tabindex="0">${esc(p.rendered.mjml)}</pre>`)),
    part(['web'], v, figure(`Web version · <a href="${esc(web)}">open it on its own</a>`, frame({ src: web, title: 'The web version of this roundup', className: 'mail wide', eager: v === 'web', site: true, fit: false }))),
  ];
  return [
    ...head,
    `<div class="grid">${envelope(m, p)}${sizePanel(p)}${checksPanel(m.snapshot, p)}</div>`,
    toolbar,
    viewSwitch('Show', ROUNDUP_VIEWS, v),
    `<div class="stage">${stage.join('\n')}</div>`,
  ].join('\n');
}

function envelope(m: RoundupPageModel, p: RoundupPreview): string {
  const header = (name: string): string => p.headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
  const followed = p.key === '*' ? 'every theme (a subscriber who chose none)' : p.variant.sections.map((s) => s.name).join(', ');
  return [
    '<section class="panel" aria-labelledby="h-message">',
    '<h2 id="h-message">Message</h2>',
    '<dl class="pairs">',
    `<dt>Subject</dt><dd class="subject" data-testid="subject">${esc(p.email.subject)}</dd>`,
    `<dt>Preheader</dt><dd data-testid="preheader">${esc(p.email.preheader)}</dd>`,
    `<dt>From</dt><dd>${esc(m.snapshot.config.email.from)}</dd>`,
    `<dt>To</dt><dd>${esc(header('to'))}</dd>`,
    `<dt>Variant</dt><dd>${esc(followed)}</dd>`,
    '</dl>',
    '</section>',
  ].join('');
}

function sizePanel(p: RoundupPreview): string {
  const html = p.sizes.html;
  const verdict =
    html > GMAIL_CLIP_BYTES
      ? '<strong>Over the limit: Gmail will cut it off</strong> behind a “View entire message” link (and hide the footer’s unsubscribe link).'
      : html > HTML_BUDGET_BYTES
        ? 'Very close to the limit: a longer name or link may tip it over.'
        : 'Gmail shows it whole.';
  return [
    '<section class="panel" aria-labelledby="h-size">',
    '<h2 id="h-size">Size</h2>',
    `<label for="gauge" class="small">HTML part · Gmail clips at ~${kb(GMAIL_CLIP_BYTES)}</label>`,
    `<meter id="gauge" min="0" max="${GMAIL_CLIP_BYTES}" low="${Math.round(GMAIL_CLIP_BYTES * 0.75)}" high="${HTML_BUDGET_BYTES}" optimum="0" value="${Math.min(html, GMAIL_CLIP_BYTES)}">${kb(html)}</meter>`,
    `<p data-testid="size"><strong>${kb(html)}</strong> of ~${kb(GMAIL_CLIP_BYTES)}. ${verdict}</p>`,
    `<p class="small">Text part ${kb(p.sizes.text)} · whole message ${kb(p.sizes.message)}${p.rendered.compact ? ' · excerpts left out to fit' : ''}${p.rendered.moved > 0 ? ` · ${p.rendered.moved} posts listed by title under “${p.rendered.moved} more posts” to fit` : ''}</p>`,
    '</section>',
  ].join('');
}

function checksPanel(snapshot: Snapshot, p: RoundupPreview): string {
  const items: string[] = [];
  const warnings = p.rendered.warnings;
  items.push(
    warnings.length === 0
      ? '<li class="ok">MJML valid (strict), no warnings</li>'
      : warnings.map((w) => `<li class="warn">${esc(w)}</li>`).join(''),
  );
  items.push(
    p.darkStyles
      ? '<li class="ok">Dark mode: styles of its own</li>'
      : '<li class="warn">Dark mode: no styles of its own; mail apps will invert its colours their way</li>',
  );
  items.push('<li class="ok">Web version, preferences and unsubscribe links in HTML and text</li>');
  const oneClick = p.headers.some((h) => h.name.toLowerCase() === 'list-unsubscribe-post');
  items.push(oneClick ? '<li class="ok">One-click unsubscribe (RFC 8058)</li>' : '<li class="bad">No List-Unsubscribe-Post header</li>');
  if (snapshot.config.email.postalAddress.trim() === '') {
    items.push('<li class="warn">No postal address in the footer: set <code>email.postalAddress</code> (anti-spam laws ask for it)</li>');
  }
  return `<section class="panel" aria-labelledby="h-checks"><h2 id="h-checks">MJML and checks</h2><ul class="checks" data-testid="checks">${items.join('')}</ul></section>`;
}

function variantForm(m: RoundupPageModel): string {
  // Every theme a post of the issue carries, first or later: a subscriber following any of them gets those posts.
  const carried = m.snapshot.config.themes.flatMap((theme) => {
    const posts = m.issue.posts.filter((post) => post.themes.includes(theme.slug)).length;
    return posts === 0 ? [] : [{ slug: theme.slug, name: theme.name, posts }];
  });
  if (carried.length === 0) return '';
  const chosen = new Set(m.themes);
  const boxes = carried.map(({ slug, name, posts }) => {
    return `<label><input type="checkbox" name="theme" value="${esc(slug)}"${chosen.has(slug) ? ' checked' : ''}>${esc(name)} <span class="small">(${posts})</span></label>`;
  });
  return [
    `<form method="get" action="/roundups/${encodeURIComponent(m.issue.id)}">`,
    '<fieldset><legend>Themes the subscriber follows <span class="small">(none ticked: everything)</span></legend>',
    `<div class="choices">${boxes.join('')}<button type="submit" class="quiet">Show this variant</button></div>`,
    '</fieldset>',
    `<input type="hidden" name="view" value="${esc(m.view)}">`,
    '</form>',
  ].join('');
}

function sendForm(m: RoundupPageModel, themesParam: string | undefined): string {
  return [
    `<form method="post" action="/roundups/${encodeURIComponent(m.issue.id)}/send">`,
    '<fieldset><legend>Send a test through the built-in inbox</legend>',
    '<div class="choices">',
    '<label for="test-to">Send a test to</label>',
    `<input id="test-to" name="to" type="email" value="${esc(m.testAddress)}" required autocomplete="email" size="24">`,
    '<button type="submit">Send test</button>',
    `<a class="small" href="/inbox">Open the inbox</a>`,
    '</div>',
    '</fieldset>',
    `<input type="hidden" name="themes" value="${esc(themesParam ?? '')}">`,
    `<input type="hidden" name="view" value="${esc(m.view)}">`,
    '</form>',
  ].join('');
}
