import { escapeHtml } from '../../text/html-escape.js';

/** Text for HTML content or a double-quoted attribute value: escaped. */
export const esc = (text: string | number): string => escapeHtml(String(text));

/** A URL path with query parameters (empty ones left out), escaped for an attribute by the caller. */
export function href(pathname: string, params: Readonly<Record<string, string | readonly string[] | undefined>> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) if (v !== '') query.append(key, v);
  }
  const text = query.toString();
  return text === '' ? pathname : `${pathname}?${text}`;
}

/** "41.2 kB" (1 kB = 1000 bytes, as Gmail's limit is usually given), never broken across lines. */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0)}\u00a0kB`;
}

/** "12:03:04" in the preview machine's local time. */
export function clock(at: Date): string {
  return at.toLocaleTimeString('en-GB', { hour12: false });
}
