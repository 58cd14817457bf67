/**
 * An email's HTML as the preview's frames show it: links open in a new
 * tab (a frame must not navigate away from the email), nothing else
 * changed. Pure.
 */
export function framedEmail(html: string): string {
  const base = '<base target="_blank">';
  const head = /<head\b[^>]*>/i.exec(html);
  if (head) return `${html.slice(0, head.index + head[0].length)}${base}${html.slice(head.index + head[0].length)}`;
  return `${base}${html}`;
}

/**
 * The Content-Security-Policy every email the preview serves gets: no
 * script, no plugin, no form, nothing fetched but images, styles and fonts.
 */
export const EMAIL_CSP = "default-src 'none'; img-src http: https: data: cid:; style-src 'unsafe-inline'; font-src http: https: data:; base-uri 'self'; form-action 'none'; frame-ancestors 'self'";
