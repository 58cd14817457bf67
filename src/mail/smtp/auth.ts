import type { AuthMethod } from './endpoint.js';
import { refused, smtpError } from './error.js';
import type { SmtpReply } from './reply.js';

export interface SmtpAuth {
  readonly user: string;
  /** The password, or for XOAUTH2 the OAuth 2.0 access token. */
  readonly pass: string;
  /** The URL's ?authMethod=; else PLAIN, or LOGIN when that is all the relay offers. */
  readonly method?: AuthMethod;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * Logs in (RFC 4954) with PLAIN, LOGIN or XOAUTH2 (Google's and
 * Microsoft's SASL mechanism: the user and a bearer token). `send` writes
 * one line and resolves with the reply to it. Errors are EAUTH (fatal:
 * the setup's fault) and never carry the password or the token.
 */
export async function logIn(send: (line: string) => Promise<SmtpReply>, auth: SmtpAuth, offered: string | undefined): Promise<void> {
  if (offered === undefined) throw smtpError('EAUTH', 'AUTH', 'the SMTP URL carries a user name and password, but the relay does not offer AUTH (does it want STARTTLS first?)');
  const mechanisms = offered.toUpperCase().split(/\s+/);
  const method = auth.method ?? (mechanisms.includes('PLAIN') ? 'PLAIN' : mechanisms.includes('LOGIN') ? 'LOGIN' : undefined);
  if (method === undefined || !mechanisms.includes(method)) {
    const wanted = auth.method === undefined ? 'PLAIN or LOGIN' : `${auth.method} (?authMethod=)`;
    throw smtpError('EAUTH', 'AUTH', `the relay offers only AUTH ${offered}; tidings was to log in with ${wanted}`);
  }
  let reply: SmtpReply;
  if (method === 'PLAIN') {
    reply = await send(`AUTH PLAIN ${b64(`\0${auth.user}\0${auth.pass}`)}`);
  } else if (method === 'LOGIN') {
    reply = await send('AUTH LOGIN');
    if (reply.code === 334) reply = await send(b64(auth.user));
    if (reply.code === 334) reply = await send(b64(auth.pass));
  } else {
    reply = await send(`AUTH XOAUTH2 ${b64(`user=${auth.user}\x01auth=Bearer ${auth.pass}\x01\x01`)}`);
    let details = '';
    if (reply.code === 334) {
      // The relay's reasons, base64 JSON (e.g. {"status":"401",...}); an empty line ends the exchange with the real refusal.
      details = ` (${Buffer.from(reply.lines[0] ?? '', 'base64').toString('utf8')})`;
      reply = await send('');
    }
    if (reply.code !== 235) {
      throw smtpError('EAUTH', 'AUTH', `AUTH XOAUTH2 refused: ${reply.text}${details}; the access token may have expired (give a fresh one in the URL)`, { reply });
    }
  }
  if (reply.code !== 235) throw refused('AUTH', reply, 'EAUTH');
}
