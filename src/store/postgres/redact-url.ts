/**
 * A PostgreSQL URL without its password, for messages. Its own file, without
 * the `pg` driver, so that naming a store (store/open.ts) does not load it.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL store';
  }
}
