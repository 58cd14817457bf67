import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP relay in-process, on a free port, whose answers a test
 * scripts: `mailFrom` refuses our sender, `rcpt` each recipient (given how
 * many RCPT TO it answered before this one); null accepts. It counts the copies
 * each recipient got (a message counts once its content has arrived) and
 * the RCPT TO commands it answered; `hold` keeps the answers to messages
 * (250 after DATA) back until `release`, to catch a sender mid-send.
 */
export interface Refusal {
  readonly code: number;
  /** The reply's text after the code, e.g. '5.7.1 <x@y>: Relay access denied'. */
  readonly text: string;
}

export interface RefusingRelay {
  readonly url: string;
  mailFrom: Refusal | null;
  rcpt: (address: string, before: number) => Refusal | null;
  /** Messages taken, per recipient. */
  readonly copies: Map<string, number>;
  /** Messages taken in all. */
  taken(): number;
  /** RCPT TO commands answered (accepted or refused). */
  rcptSeen(): number;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startRefusingRelay(): Promise<RefusingRelay> {
  const copies = new Map<string, number>();
  let taken = 0;
  let rcptSeen = 0;
  let held: (() => void)[] | null = null;
  const reply = (refusal: Refusal) => Object.assign(new Error(refusal.text), { responseCode: refusal.code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      return relay.mailFrom === null ? callback() : callback(reply(relay.mailFrom));
    },
    onRcptTo(address, _session, callback) {
      const refusal = relay.rcpt(address.address, rcptSeen);
      rcptSeen += 1;
      return refusal === null ? callback() : callback(reply(refusal));
    },
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        taken += 1;
        for (const to of session.envelope.rcptTo) copies.set(to.address, (copies.get(to.address) ?? 0) + 1);
        if (held === null) callback();
        else held.push(() => callback());
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const relay: RefusingRelay = {
    url: `smtp://127.0.0.1:${port}`,
    mailFrom: null,
    rcpt: () => null,
    copies,
    taken: () => taken,
    rcptSeen: () => rcptSeen,
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const answer of waiting) answer();
    },
    close: () => {
      relay.release();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return relay;
}
