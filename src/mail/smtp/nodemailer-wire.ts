import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Accepted, Envelope, SmtpEndpoint } from './connection.js';
import { smtpError, type SmtpError } from './error.js';
import type { PoolConnection, SmtpWire } from './pool.js';
import type { SmtpTimeouts } from './timeouts.js';

/**
 * nodemailer's SMTPConnection (10.6: it pipelines MAIL FROM, RCPT TO and
 * DATA when the relay offers PIPELINING, and dot-stuffs the content in its
 * DataStream) under tidings' own pool, so that `npm run bench:send` can run
 * the whole `tidings send` over either client (TIDINGS_SMTP_WIRE=nodemailer;
 * docs/architecture.md has the numbers and the decision). It does not log
 * in: the credentials rule (plain-auth.ts) and XOAUTH2 are the own
 * client's. A message is handed over as a one-chunk stream, so that the
 * wire knows when its content went: a failure after that is in doubt, as
 * with the own client. Its timeouts are nodemailer's: one for every reply
 * (dataEnd, the longest).
 */
export const NODEMAILER_WIRE: SmtpWire<Buffer> = {
  name: 'nodemailer',
  open: (endpoint, timeouts) => NodemailerConnection.open(endpoint, timeouts),
  payload: (message) => message,
};

class NodemailerConnection implements PoolConnection<Buffer> {
  messages = 0;
  private ended = false;
  private closing = false;
  /** The send in progress: nodemailer forgets it on close(), so the wire settles it itself. */
  private pending: { reject(error: SmtpError): void; contentGone(): boolean } | null = null;

  private constructor(private readonly connection: SMTPConnection) {
    connection.on('end', () => {
      this.ended = true;
      this.pending?.reject(this.broken('the relay closed the connection'));
    });
    // Errors also reach the send's callback; one with nothing in progress just ends the connection.
    connection.on('error', () => undefined);
  }

  static async open(endpoint: SmtpEndpoint, timeouts: SmtpTimeouts): Promise<NodemailerConnection> {
    if (endpoint.auth !== undefined) throw smtpError('EAUTH', 'AUTH', 'the nodemailer wire (for the bench) does not log in: use the own client');
    const connection = new SMTPConnection({
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.secure,
      requireTLS: endpoint.requireTLS,
      ignoreTLS: endpoint.ignoreTLS,
      tls: { rejectUnauthorized: endpoint.rejectUnauthorized },
      connectionTimeout: timeouts.connection,
      greetingTimeout: timeouts.greeting,
      socketTimeout: timeouts.dataEnd,
      logger: false,
    });
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.connect((error) => (error ? reject(error) : resolve()));
    });
    return new NodemailerConnection(connection);
  }

  get usable(): boolean {
    return !this.ended && !this.closing;
  }

  send(envelope: Envelope, payload: Buffer): Promise<Accepted> {
    this.messages += 1;
    return new Promise((resolve, reject) => {
      let gone = false;
      const content = new Readable({
        read() {
          this.push(payload);
          this.push(null);
        },
      });
      content.once('end', () => (gone = true));
      const settle = (error: SmtpError | null, accepted?: Accepted): void => {
        if (this.pending === null) return;
        this.pending = null;
        if (error !== null) reject(error);
        else resolve(accepted as Accepted);
      };
      this.pending = { reject: (error) => settle(error), contentGone: () => gone };
      this.connection.send({ from: envelope.from, to: [...envelope.to] }, content, (error, info) => {
        if (error) {
          const failed = error as SmtpError;
          if (gone && failed.responseCode === undefined) failed.inDoubt = true;
          // As nodemailer's own pool does: a refused message leaves the session usable once reset; anything else ends it.
          if ((failed.code === 'EENVELOPE' || failed.code === 'EMESSAGE') && failed.responseCode !== 421 && this.usable) {
            this.connection.reset((resetError) => {
              if (resetError) this.destroy();
              settle(failed);
            });
            return;
          }
          settle(failed);
          this.destroy();
          return;
        }
        settle(null, { accepted: info.accepted.map(String), rejected: (info.rejectedErrors ?? []) as SmtpError[], response: info.response });
      });
    });
  }

  async quit(): Promise<void> {
    if (!this.usable) return;
    this.closing = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.connection.close();
        resolve();
      }, 2_000);
      this.connection.once('end', () => {
        clearTimeout(timer);
        resolve();
      });
      this.connection.quit();
    });
  }

  destroy(why = 'the connection was closed by tidings'): void {
    this.closing = true;
    this.pending?.reject(this.broken(why));
    this.connection.close();
  }

  private broken(why: string): SmtpError {
    const inDoubt = this.pending?.contentGone() === true;
    return smtpError('ECONNECTION', inDoubt ? 'message' : 'DATA', why, { inDoubt });
  }
}
