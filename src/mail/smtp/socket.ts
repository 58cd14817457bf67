import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import type { SmtpEndpoint } from './connection.js';
import { smtpError } from './error.js';

/** Opening the socket to a relay: TCP, or TLS from the first byte for smtps. */

/** A fully qualified host name, else the address literal of our end (RFC 5321 §4.1.4). */
export function heloName(socket: net.Socket): string {
  const host = os.hostname();
  if (host.includes('.')) return host;
  const address = socket.localAddress ?? '127.0.0.1';
  return net.isIPv6(address) ? `[IPv6:${address}]` : `[${address}]`;
}

export function tlsOptions(endpoint: SmtpEndpoint): tls.ConnectionOptions {
  return { ...(net.isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}), rejectUnauthorized: endpoint.rejectUnauthorized };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);

/** A TCP (or, for smtps, TLS) connection within `timeoutMs`. */
export function connect(endpoint: SmtpEndpoint, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = endpoint.secure
      ? tls.connect({ host: endpoint.host, port: endpoint.port, ...tlsOptions(endpoint) })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    const where = `${endpoint.host}:${endpoint.port}`;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(smtpError('ETIMEDOUT', 'connect', `could not connect to ${where} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(endpoint.secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', failed);
      socket.setNoDelay(true);
      resolve(socket);
    });
    const failed = (error: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      socket.destroy();
      const network = error.code !== undefined && NETWORK_CODES.has(error.code);
      const code = network || !endpoint.secure ? 'ECONNECTION' : 'ETLS';
      reject(smtpError(code, 'connect', `could not connect to ${where}: ${error.message}`, { cause: error }));
    };
    socket.once('error', failed);
  });
}
