/**
 * The inbox preview: mail clients show the subject, then the first text of
 * the message, as much as fits. MJML's mj-preview puts the preheader in a
 * hidden div at the top of the body but nothing after it (mjml issue #1829,
 * still so in 4.18), so a short preheader runs on into "View this email in
 * your browser" and the masthead. Here the hidden div is closed with a run
 * of characters clients show as blank (a figure space, a zero-width
 * no-break space and a combining grapheme joiner, then a space: the filler
 * Litmus, Email on Acid and Maizzle recommend since `&zwnj;&nbsp;` stopped
 * working in some clients), so the preview ends where the preheader does.
 */

/** What MJML 4 writes for <mj-preview>: the opening of its hidden div. */
const PREVIEW_OPEN = '<div style="display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;">';

/** One blank position of the preview, as ASCII entities (safe in any transfer encoding). */
export const PREHEADER_FILLER = '&#8199;&#65279;&#847; ';

/** Fillers after the preheader: more than the longest preview a client shows (about 200 characters on a tablet). */
export const PREHEADER_FILLERS = 150;

/** The HTML with its preview padded, and the preview div hidden from Outlook's Word engine too; unchanged when it has no preview. */
export function padPreheader(html: string): string {
  const start = html.indexOf(PREVIEW_OPEN);
  if (start === -1) return html;
  const end = html.indexOf('</div>', start);
  if (end === -1) return html;
  const open = PREVIEW_OPEN.replace('overflow:hidden;', 'overflow:hidden;mso-hide:all;');
  const text = html.slice(start + PREVIEW_OPEN.length, end).trim();
  return `${html.slice(0, start)}${open}${text}${PREHEADER_FILLER.repeat(PREHEADER_FILLERS).trimEnd()}${html.slice(end)}`;
}
