import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who holds an issue's claim: `host:pid:nonce`. A claim held by a process
 * of this host that no longer exists (a sender killed with kill -9, a
 * crash) can be taken over at once instead of after its lease runs out:
 * that process is certainly not sending any more.
 */

export function ownerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** True when `owner` names a process of this host that has exited. False when it may be alive, or is elsewhere. */
export function ownerIsGone(owner: string): boolean {
  const [host, pidText, nonce] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || nonce === undefined || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
