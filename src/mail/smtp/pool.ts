import { SmtpConnection, type Accepted, type Envelope, type SmtpEndpoint, type SmtpTimeouts } from './connection.js';
import { dataPayload, type DataPayload } from './data.js';

/** What the pool needs of a connection (SmtpConnection; the bench's nodemailer wire too). */
export interface PoolConnection<P> {
  readonly usable: boolean;
  /** Messages it was given so far. */
  readonly messages: number;
  send(envelope: Envelope, payload: P): Promise<Accepted>;
  quit(): Promise<void>;
  destroy(why?: string): void;
}

/** How connections are opened and what a message's content is handed to them as. */
export interface SmtpWire<P> {
  readonly name: string;
  open(endpoint: SmtpEndpoint, timeouts: SmtpTimeouts): Promise<PoolConnection<P>>;
  payload(message: Buffer, options: { knownCrlf?: boolean }): P;
}

/** tidings' own client (connection.ts): content dot-stuffed up front, written as pieces. */
export const OWN_WIRE: SmtpWire<DataPayload> = { name: 'own', open: (endpoint, timeouts) => SmtpConnection.open(endpoint, timeouts), payload: dataPayload };

export interface SmtpPoolOptions<P = DataPayload> {
  /** Default OWN_WIRE. */
  readonly wire?: SmtpWire<P>;
  readonly endpoint: SmtpEndpoint;
  readonly timeouts: SmtpTimeouts;
  /** Connections open at once. */
  readonly maxConnections: number;
  /** Messages started per second over all connections; 0: no limit. Starts are spaced evenly. */
  readonly rateLimit: number;
  /** Messages a connection carries before it says goodbye and a new one takes its place; 0: no cap. */
  readonly maxMessages: number;
}

interface Job<P> {
  readonly envelope: Envelope;
  readonly data: P;
  resolve(accepted: Accepted): void;
  reject(error: unknown): void;
}

/**
 * Up to `maxConnections` SMTP connections, opened as messages need them and
 * kept open between messages; each message goes out on an idle one. A
 * connection that breaks is dropped and another opened for the next
 * message; a message is never sent again by the pool (only the sender,
 * with its delivery log, decides that). A connection that cannot be opened
 * fails the message waiting for it, so a relay that is down fails messages
 * one by one rather than hanging. A connection that has carried
 * `maxMessages` says goodbye (QUIT) and the next message opens a fresh one
 * (relays limit messages per connection).
 *
 * abort() (a stop that cannot wait: SIGTERM against a relay that hangs)
 * closes every connection at once: a message whose content had gone fails
 * in doubt, any other fails transient, so every send settles.
 */
export class SmtpPool<P = DataPayload> {
  private readonly idle: PoolConnection<P>[] = [];
  /** Connections carrying a message now. */
  private readonly busy = new Set<PoolConnection<P>>();
  private readonly wire: SmtpWire<P>;
  private aborted = false;
  private readonly queue: Job<P>[] = [];
  /** Connections open or being opened. */
  private open = 0;
  private opening = 0;
  private nextStart = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: SmtpPoolOptions<P>) {
    // Without a wire, P is DataPayload (the default type): the own client's.
    this.wire = options.wire ?? (OWN_WIRE as unknown as SmtpWire<P>);
  }

  /** Sends one message (`data` as the wire's payload() made it). */
  send(envelope: Envelope, data: P): Promise<Accepted> {
    if (this.closed) return Promise.reject(new Error('smtp pool: closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ envelope, data, resolve, reject });
      this.dispatch();
    });
  }

  /** Says goodbye on the idle connections; messages still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    for (const job of this.queue.splice(0)) job.reject(new Error('smtp pool: closed before the message was sent'));
    await Promise.all(this.idle.splice(0).map((connection) => connection.quit()));
  }

  /** Closes every connection now, idle or busy; what is queued and what is in flight fails. */
  abort(): void {
    this.closed = true;
    this.aborted = true;
    if (this.timer !== null) clearTimeout(this.timer);
    for (const job of this.queue.splice(0)) job.reject(new Error('smtp pool: stopped before the message was sent'));
    for (const connection of [...this.idle.splice(0), ...this.busy]) connection.destroy('tidings was stopping and closed the connection');
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      const connection = this.takeIdle();
      if (connection === undefined) {
        this.grow();
        return;
      }
      const wait = this.startDelay();
      if (wait > 0) {
        this.idle.push(connection);
        this.timer ??= setTimeout(() => {
          this.timer = null;
          this.dispatch();
        }, wait);
        return;
      }
      this.run(connection, this.queue.shift() as Job<P>);
    }
  }

  /** Milliseconds until the rate limit lets the next message start (and books the slot when it is now). */
  private startDelay(): number {
    const { rateLimit } = this.options;
    if (rateLimit <= 0) return 0;
    const now = Date.now();
    if (now < this.nextStart) return this.nextStart - now;
    this.nextStart = Math.max(now, this.nextStart) + 1000 / rateLimit;
    return 0;
  }

  private takeIdle(): PoolConnection<P> | undefined {
    for (let connection = this.idle.pop(); connection !== undefined; connection = this.idle.pop()) {
      if (connection.usable) return connection;
      this.open -= 1;
    }
    return undefined;
  }

  /** Opens connections for the messages waiting, up to the limit. */
  private grow(): void {
    while (this.open < this.options.maxConnections && this.opening < this.queue.length) {
      this.open += 1;
      this.opening += 1;
      this.wire.open(this.options.endpoint, this.options.timeouts).then(
        (connection) => {
          this.opening -= 1;
          this.release(connection);
        },
        (error: unknown) => {
          this.opening -= 1;
          this.open -= 1;
          this.queue.shift()?.reject(error);
          this.dispatch();
        },
      );
    }
  }

  private run(connection: PoolConnection<P>, job: Job<P>): void {
    this.busy.add(connection);
    connection
      .send(job.envelope, job.data)
      .then(job.resolve, job.reject)
      .finally(() => {
        this.busy.delete(connection);
        this.release(connection);
      });
  }

  private release(connection: PoolConnection<P>): void {
    if (this.aborted) {
      connection.destroy();
      this.open -= 1;
      return;
    }
    if (this.closed) {
      void connection.quit();
      this.open -= 1;
      return;
    }
    const { maxMessages } = this.options;
    if (connection.usable && maxMessages > 0 && connection.messages >= maxMessages) {
      // Its place is free once it has said goodbye: never more than maxConnections at once.
      void connection.quit().finally(() => {
        this.open -= 1;
        this.dispatch();
      });
      return;
    }
    if (connection.usable) this.idle.push(connection);
    else this.open -= 1;
    this.dispatch();
  }
}
