import type { SmtpEndpoint } from './connection.js';

/** Settings an SMTP URL may carry after '?', with what each takes. */
const QUERY_OPTIONS = ['requireTLS', 'ignoreTLS', 'tls.rejectUnauthorized'] as const;

/**
 * The relay an SMTP URL names: smtp://user:pass@host:port (STARTTLS when
 * offered, port 587 by default) or smtps://… (TLS from the start, port 465).
 * After '?': requireTLS=true (never send in the clear), ignoreTLS=true (never
 * STARTTLS), tls.rejectUnauthorized=false (accept a self-signed
 * certificate), as nodemailer spells them. Anything else is an error that
 * lists what is allowed; the password never appears in one.
 */
export function smtpEndpoint(url: string): SmtpEndpoint {
  const parsed = parseUrl(url);
  const secure = parsed.protocol === 'smtps:';
  const flags = new Map<string, boolean>();
  for (const [key, value] of parsed.searchParams) {
    if (!(QUERY_OPTIONS as readonly string[]).includes(key)) {
      throw new Error(`smtp transport: the SMTP URL has an unknown setting ?${key}=; allowed: ${QUERY_OPTIONS.map((o) => `${o}=true|false`).join(', ')}`);
    }
    if (value !== 'true' && value !== 'false') throw new Error(`smtp transport: ?${key}= takes true or false, not ${JSON.stringify(value)}`);
    flags.set(key, value === 'true');
  }
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(parsed.port || (secure ? 465 : 587)),
    secure,
    ...(user !== '' ? { auth: { user, pass } } : {}),
    requireTLS: flags.get('requireTLS') ?? false,
    ignoreTLS: flags.get('ignoreTLS') ?? false,
    rejectUnauthorized: flags.get('tls.rejectUnauthorized') ?? true,
  };
}

/** What is wrong with an SMTP URL (for the config's check), or null when it can be used. */
export function smtpUrlProblem(url: string): string | null {
  try {
    smtpEndpoint(url);
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^smtp transport: /, '');
  }
}

/** The relay's address without its credentials, for messages and logs. */
export function describeUrl(url: string): string {
  const parsed = parseUrl(url);
  const port = parsed.port || (parsed.protocol === 'smtps:' ? '465' : '587');
  return `${parsed.protocol}//${parsed.hostname}:${port}`;
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('smtp transport: the SMTP URL is not a URL (expected smtp://user:pass@host:port)');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`smtp transport: the URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  }
  return parsed;
}
