import net from 'node:net';
import type { SmtpEndpoint } from './connection.js';
import { smtpError, type SmtpError } from './error.js';

/**
 * The rule for credentials: they go over TLS only (smtps://, or after
 * STARTTLS), except to a relay on this machine (the connection's peer is a
 * loopback address: 127.0.0.0/8, ::1; `localhost` resolves to one) or when
 * the URL says ?allowPlainAuth=true. A relay whose EHLO lacks STARTTLS (or
 * from which someone in between stripped it) gets this fatal error rather
 * than the password.
 */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1';
}

/** ETLS (fatal: the setup's fault), saying why nothing was sent and what to do. */
export function plainAuthRefused(endpoint: Pick<SmtpEndpoint, 'host' | 'port' | 'ignoreTLS'>, offersStartTls: boolean): SmtpError {
  const why = endpoint.ignoreTLS && offersStartTls
    ? 'the SMTP URL says ignoreTLS=true'
    : 'the relay does not offer STARTTLS (its EHLO reply lacks it: a relay set up without TLS, or someone in between removing it)';
  return smtpError(
    'ETLS',
    'STARTTLS',
    `${endpoint.host}:${endpoint.port}: ${why}, so the user name and password would go in the clear; tidings did not send them. ` +
      'Use smtps:// (TLS from the start, usually port 465), have the relay offer STARTTLS, ' +
      'or add ?allowPlainAuth=true to the SMTP URL if you really mean to log in without TLS',
  );
}
