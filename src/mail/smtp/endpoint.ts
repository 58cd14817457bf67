import type { SmtpEndpoint } from './connection.js';

/** Settings an SMTP URL may carry after '?' that take true or false. */
const FLAGS = ['requireTLS', 'ignoreTLS', 'allowPlainAuth', 'tls.rejectUnauthorized'] as const;
/** How tidings may log in (`?authMethod=`); XOAUTH2 takes the password as the OAuth 2.0 access token. */
export const AUTH_METHODS = ['PLAIN', 'LOGIN', 'XOAUTH2'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

const ALLOWED = `allowed: ${FLAGS.map((o) => `${o}=true|false`).join(', ')}, authMethod=${AUTH_METHODS.join('|')}`;

/**
 * The relay an SMTP URL names: smtp://user:pass@host:port (STARTTLS when
 * offered, port 587 by default) or smtps://… (TLS from the start, port 465).
 * After '?': requireTLS=true (never send in the clear), ignoreTLS=true (never
 * STARTTLS), allowPlainAuth=true (log in even without TLS, to a relay not
 * on this machine), tls.rejectUnauthorized=false (accept a self-signed
 * certificate), authMethod=XOAUTH2 (the password is an OAuth 2.0 access
 * token; PLAIN or LOGIN pin those), as nodemailer spells them. Anything
 * else is an error that lists what is allowed; the password never appears
 * in one.
 */
export function smtpEndpoint(url: string): SmtpEndpoint {
  const parsed = parseUrl(url);
  const secure = parsed.protocol === 'smtps:';
  const flags = new Map<string, boolean>();
  let authMethod: AuthMethod | undefined;
  for (const [key, value] of parsed.searchParams) {
    if (key === 'authMethod') {
      const method = value.toUpperCase();
      if (!(AUTH_METHODS as readonly string[]).includes(method)) throw new Error(`smtp transport: ?authMethod= takes ${AUTH_METHODS.join(', ')}, not ${JSON.stringify(value)}`);
      authMethod = method as AuthMethod;
      continue;
    }
    if (!(FLAGS as readonly string[]).includes(key)) throw new Error(`smtp transport: the SMTP URL has an unknown setting ?${key}=; ${ALLOWED}`);
    if (value !== 'true' && value !== 'false') throw new Error(`smtp transport: ?${key}= takes true or false, not ${JSON.stringify(value)}`);
    flags.set(key, value === 'true');
  }
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  if (authMethod !== undefined && user === '') throw new Error(`smtp transport: ?authMethod=${authMethod} needs a user name (and password or token) in the URL: smtp://user:secret@host`);
  if (flags.get('requireTLS') === true && flags.get('ignoreTLS') === true) throw new Error('smtp transport: ?requireTLS=true and ?ignoreTLS=true contradict each other; keep one');
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(parsed.port || (secure ? 465 : 587)),
    secure,
    ...(user !== '' ? { auth: { user, pass, ...(authMethod === undefined ? {} : { method: authMethod }) } } : {}),
    requireTLS: flags.get('requireTLS') ?? false,
    ignoreTLS: flags.get('ignoreTLS') ?? false,
    allowPlainAuth: flags.get('allowPlainAuth') ?? false,
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
