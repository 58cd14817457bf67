import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who holds an issue's claim: `host:pid:nonce`. The 16 random bytes are
 * what make it unique (two containers share a host name and may share a
 * process id); the host and pid are only there for a person reading
 * `tidings status`. Nothing reads them back: a claim is taken over only
 * once its lease lapsed (claim.ts), never because its process looks gone.
 */
export function ownerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(16).toString('hex')}`;
}
