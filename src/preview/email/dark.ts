/**
 * The email as a mail app in dark mode shows it: the email's own
 * `prefers-color-scheme: dark` styles switched on (and its light-only
 * ones off), whatever the scheme of the preview's own browser, which an
 * iframe cannot be given on its own. Pure.
 */
export function forceDarkScheme(html: string): string {
  return html
    .replace(/\(\s*prefers-color-scheme\s*:\s*dark\s*\)/gi, '(min-width: 0px)')
    .replace(/\(\s*prefers-color-scheme\s*:\s*light\s*\)/gi, '(max-width: 0px)');
}

/** Whether the email has styles of its own for dark mode. Pure. */
export function hasDarkStyles(html: string): boolean {
  return /prefers-color-scheme\s*:\s*dark/i.test(html) || /\[data-ogsc\]/i.test(html);
}
