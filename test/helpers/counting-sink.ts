import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (smtp-server) on a free port that only counts: how
 * many messages it accepted for each recipient (RCPT TO of each message
 * whose DATA it answered 250). Nothing is parsed or kept, so tens of
 * thousands of messages cost little. For exactly-once checks at volume.
 */
export interface CountingSink {
  url: string;
  /** Messages accepted, per recipient address (lower-cased). */
  readonly received: Map<string, number>;
  /** All messages accepted. */
  total(): number;
  /** Resolves once `count` messages have been accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** From now on, each message's answer to DATA waits (the client has it in flight) until release(). */
  hold(): void;
  /** Resolves once `count` messages are waiting for their answer; rejects after `timeoutMs`. */
  waitForHeld(count: number, timeoutMs?: number): Promise<void>;
  /** The client ports (the far end's local port) of the connections whose message is held. */
  heldPorts(): number[];
  /** Answers every held message (250) and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export async function startCountingSink(): Promise<CountingSink> {
  const received = new Map<string, number>();
  let total = 0;
  const waiters = new Set<() => void>();
  let holding = false;
  const held: { accept: () => void; port: number }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        const accept = (): void => {
          for (const rcpt of session.envelope.rcptTo) {
            const address = rcpt.address.toLowerCase();
            received.set(address, (received.get(address) ?? 0) + 1);
          }
          total += 1;
          for (const wake of waiters) wake();
          callback();
        };
        if (!holding) return accept();
        held.push({ accept, port: session.remotePort });
        for (const wake of waiters) wake();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const until = (reached: () => boolean, what: () => string, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!reached()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what()} after ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const release = (): void => {
    holding = false;
    for (const { accept } of held.splice(0)) accept();
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    total: () => total,
    waitFor: (count, timeoutMs = 60_000) => until(() => total >= count, () => `the sink had ${total} of ${count} messages`, timeoutMs),
    hold: () => void (holding = true),
    waitForHeld: (count, timeoutMs = 60_000) => until(() => held.length >= count, () => `the sink held ${held.length} of ${count} messages`, timeoutMs),
    heldPorts: () => held.map((h) => h.port),
    release,
    close: () => {
      release();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
