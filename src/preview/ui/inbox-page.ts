import type { InboxMessage } from '../inbox/message.js';
import { clock, esc, kb } from './html.js';
import type { ViewOption } from './views.js';
import { figure, frame, headersTable, part, viewSwitch } from './views.js';

/** The inbox: every message caught, newest first. */
export function inboxMain(messages: readonly InboxMessage[], smtpUrl: string): string {
  const rows = messages.map(
    (m) =>
      `<tr><td class="num">${esc(clock(m.receivedAt))}</td><td><a href="/inbox/${m.id}">${esc(m.subject || '(no subject)')}</a></td><td>${esc(m.from)}</td><td>${esc(
        m.envelope.to.join(', ') || m.to,
      )}</td><td class="num">${esc(kb(m.raw.length))}</td></tr>`,
  );
  return [
    '<h1>Inbox</h1>',
    `<p class="meta">Every message sent to <code>${esc(smtpUrl)}</code> lands here, whoever it is addressed to; nothing leaves this machine. The preview’s “Send a test” uses it, and so does <code>tidings send</code> while the preview runs (when no SMTP relay is configured).</p>`,
    messages.length === 0
      ? '<p class="empty">No messages yet. Open a roundup and send a test.</p>'
      : [
          '<form method="post" action="/inbox/clear" class="inline" style="margin:0 0 .75rem"><button type="submit" class="quiet">Empty the inbox</button></form>',
          '<table class="list">',
          '<thead><tr><th scope="col">Received</th><th scope="col">Subject</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Size</th></tr></thead>',
          `<tbody>${rows.join('\n')}</tbody>`,
          '</table>',
        ].join('\n'),
  ].join('\n');
}

export const MESSAGE_VIEWS: readonly ViewOption[] = [
  { value: 'html', label: 'HTML' },
  { value: 'mobile', label: 'HTML at 375 px' },
  { value: 'text', label: 'Plain text' },
  { value: 'headers', label: 'Headers' },
  { value: 'raw', label: 'Raw source' },
];

/** One caught message: its HTML part, text part, headers and raw source. */
export function messageMain(m: InboxMessage, view: string): string {
  const v = MESSAGE_VIEWS.some((o) => o.value === view) ? view : m.html === null ? 'text' : 'html';
  const htmlSrc = `/inbox/${m.id}/html`;
  const noHtml = '<p class="empty">This message has no HTML part.</p>';
  return [
    '<nav class="crumbs" aria-label="Inbox"><a href="/inbox">← Inbox</a></nav>',
    `<h1>${esc(m.subject || '(no subject)')}</h1>`,
    '<div class="panel" style="margin:0 0 1rem">',
    '<dl class="pairs">',
    `<dt>From</dt><dd>${esc(m.from)}</dd>`,
    `<dt>To</dt><dd>${esc(m.to)}</dd>`,
    `<dt>Envelope</dt><dd>from ${esc(m.envelope.from || '<>')} to ${esc(m.envelope.to.join(', '))}</dd>`,
    `<dt>Date</dt><dd>${esc(m.date ? m.date.toISOString() : '(none)')} <span class="small">· received ${esc(clock(m.receivedAt))}</span></dd>`,
    `<dt>Message-ID</dt><dd>${esc(m.messageId ?? '(none)')}</dd>`,
    `<dt>Size</dt><dd>${esc(kb(m.raw.length))} <a href="/inbox/${m.id}/raw" download="${esc(`message-${m.id}.eml`)}">download .eml</a></dd>`,
    '</dl>',
    '</div>',
    viewSwitch('Show', MESSAGE_VIEWS, v),
    '<div class="stage">',
    part(['html'], v, m.html === null ? noHtml : figure('HTML part · 600 px', frame({ src: htmlSrc, title: 'The HTML part', className: 'mail w600', eager: v === 'html' }))),
    part(['mobile'], v, m.html === null ? noHtml : figure('HTML part · 375 px', frame({ src: htmlSrc, title: 'The HTML part, 375 pixels wide', className: 'mail w375', eager: v === 'mobile' }))),
    part(['text'], v, figure('Plain-text part', `<pre class="text" tabindex="0">${esc(m.text ?? '(no text part)')}</pre>`)),
    part(['headers'], v, headersTable(m.headers, 'Headers as received')),
    part(['raw'], v, figure('Raw source, as received', `<pre class="raw" tabindex="0">${esc(m.raw.toString('utf8'))}</pre>`)),
    '</div>',
  ].join('\n');
}
