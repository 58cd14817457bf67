import type net from 'node:net';
import tls from 'node:tls';
import { logIn, type SmtpAuth } from './auth.js';
import { payloadLength, type DataPayload } from './data.js';
import { refused, smtpError, type SmtpError, type SmtpStep } from './error.js';
import { isLoopback, plainAuthRefused } from './plain-auth.js';
import { ReplyReader, type SmtpReply } from './reply.js';
import { connect, heloName, tlsOptions } from './socket.js';
import { timeoutFor, type SmtpTimeouts } from './timeouts.js';

export type { SmtpTimeouts } from './timeouts.js';

/** Where the relay is and how to talk to it (see endpoint.ts for the URL). */
export interface SmtpEndpoint {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (smtps://, port 465). */
  readonly secure: boolean;
  readonly auth?: SmtpAuth;
  /** Refuse to go on in the clear when the relay does not offer STARTTLS. */
  readonly requireTLS: boolean;
  /** Stay in the clear even when STARTTLS is offered. */
  readonly ignoreTLS: boolean;
  /** Log in without TLS to a relay that is not on this machine (never by default). */
  readonly allowPlainAuth: boolean;
  /** Check the relay's certificate (default true). */
  readonly rejectUnauthorized: boolean;
}

export interface Envelope {
  readonly from: string;
  readonly to: readonly string[];
}

/** What the relay did with a message it took. */
export interface Accepted {
  readonly accepted: string[];
  /** Recipients refused at RCPT TO while others were taken. */
  readonly rejected: SmtpError[];
  /** The relay's reply to the message's end. */
  readonly response: string;
}

interface Waiter {
  /** 'content' becomes 'message' once the content's last byte has left. */
  step: SmtpStep;
  resolve(reply: SmtpReply): void;
  reject(error: SmtpError): void;
}

/** The most a goodbye may take. */
const QUIT_WAIT_MS = 2_000;
const ADDRESS_UNSAFE = /[\r\n<>\s]/;
const NON_ASCII = /[^\p{ASCII}]/u;
const END_OF_DATA = Buffer.from('.\r\n');

/**
 * One SMTP client connection (RFC 5321): greeting, EHLO (HELO when EHLO is
 * refused), STARTTLS (RFC 3207) when offered, AUTH PLAIN or LOGIN (RFC 4954)
 * (or XOAUTH2) when the URL carries credentials, then one message at a
 * time. Credentials go only over TLS (smtps or after STARTTLS), unless the
 * relay is on this machine or the URL says ?allowPlainAuth=true: see
 * plain-auth.ts.
 *
 * With PIPELINING (RFC 2920) a message's MAIL FROM, RCPT TOs and DATA go in
 * one write and its content in a second: two round trips a message instead
 * of four. The content is given already dot-stuffed and terminated (see
 * data.ts), as pieces that go out in one writev, untouched.
 *
 * Each reply awaited has its own timeout (timeouts.ts, RFC 5321 §4.5.3.2);
 * a connection with nothing to do closes itself after `idle`.
 *
 * Failures are SmtpErrors naming the step; a connection that breaks while
 * the relay's answer to a sent message is awaited marks that error
 * `inDoubt`, since the relay may have taken the message. One that breaks
 * while the content is still being written ('content') is not: the
 * relay cannot have had its end.
 */
export class SmtpConnection {
  private socket: net.Socket;
  private reader = new ReplyReader();
  private readonly waiters: Waiter[] = [];
  private failure: SmtpError | null = null;
  private busy = false;
  private closing = false;
  private secured: boolean;
  private armedMs = -1;
  private extensions = new Map<string, string>();
  /** Messages this connection was given (for the pool's per-connection cap). */
  messages = 0;

  private constructor(
    socket: net.Socket,
    private readonly endpoint: SmtpEndpoint,
    private readonly timeouts: SmtpTimeouts,
  ) {
    this.socket = socket;
    this.secured = endpoint.secure;
    this.attach(socket);
  }

  /** Connects, greets, secures and logs in; rejects with an SmtpError naming the step that failed. */
  static async open(endpoint: SmtpEndpoint, timeouts: SmtpTimeouts): Promise<SmtpConnection> {
    const socket = await connect(endpoint, timeouts.connection);
    const connection = new SmtpConnection(socket, endpoint, timeouts);
    try {
      await connection.handshake();
      return connection;
    } catch (error) {
      connection.destroy();
      throw error;
    }
  }

  /** True while the connection can take another message. */
  get usable(): boolean {
    return this.failure === null && !this.closing && !this.socket.destroyed;
  }

  /** Whether the relay announced `keyword` (e.g. 'PIPELINING') in its EHLO reply. */
  has(keyword: string): boolean {
    return this.extensions.has(keyword);
  }

  /**
   * Sends one message; `data` is its content as dataPayload() made it.
   * Resolves once the relay took it for at least one recipient.
   */
  async send(envelope: Envelope, data: DataPayload): Promise<Accepted> {
    if (this.busy) throw new Error('smtp connection: one message at a time');
    this.busy = true;
    this.messages += 1;
    try {
      return await this.transaction(envelope, data);
    } finally {
      this.busy = false;
    }
  }

  /** Says goodbye (QUIT) and closes, waiting a few seconds at most for the reply; never rejects. */
  async quit(): Promise<void> {
    if (!this.usable) return;
    this.closing = true;
    const timer = setTimeout(() => this.destroy(), Math.min(this.timeouts.command, QUIT_WAIT_MS));
    try {
      await this.command('QUIT', 'QUIT');
    } catch {
      // A relay that hangs up without a reply to QUIT, or gives none in time, is fine.
    } finally {
      clearTimeout(timer);
    }
    this.destroy();
  }

  /** Closes at once; replies still awaited fail (a message whose content had gone: in doubt). */
  destroy(why = 'the connection was closed by tidings'): void {
    this.fail(smtpError('ECONNECTION', 'QUIT', why));
  }

  // ---- the conversation ----------------------------------------------------------------------

  private async handshake(): Promise<void> {
    const greeting = await this.expect('greeting');
    if (greeting.code !== 220) throw refused('greeting', greeting, 'EPROTOCOL');
    await this.hello();
    const { endpoint } = this;
    if (!endpoint.secure && !endpoint.ignoreTLS && (this.has('STARTTLS') || endpoint.requireTLS)) {
      if (!this.has('STARTTLS')) throw smtpError('ETLS', 'STARTTLS', 'the relay does not offer STARTTLS, and the SMTP URL asks for TLS (requireTLS)');
      const reply = await this.command('STARTTLS', 'STARTTLS');
      if (reply.code !== 220) throw refused('STARTTLS', reply, 'ETLS');
      await this.upgrade();
      this.secured = true;
      await this.hello();
    }
    if (endpoint.auth === undefined) return;
    // The password goes in the clear only to this machine, or when the URL says so.
    if (!this.secured && !endpoint.allowPlainAuth && !isLoopback(this.socket.remoteAddress)) throw plainAuthRefused(endpoint, this.has('STARTTLS'));
    await logIn((line) => this.command(line, 'AUTH'), endpoint.auth, this.extensions.get('AUTH'));
  }

  private async hello(): Promise<void> {
    const name = heloName(this.socket);
    const ehlo = await this.command(`EHLO ${name}`, 'EHLO');
    if (ehlo.code >= 200 && ehlo.code < 300) {
      this.extensions = parseExtensions(ehlo.lines.slice(1));
      return;
    }
    const helo = await this.command(`HELO ${name}`, 'EHLO');
    if (helo.code < 200 || helo.code >= 300) throw refused('EHLO', helo, 'EPROTOCOL');
    this.extensions = new Map();
  }

  private async transaction(envelope: Envelope, data: DataPayload): Promise<Accepted> {
    const utf8 = this.checkEnvelope(envelope);
    const params = `${utf8 ? ' SMTPUTF8' : ''}${this.has('SIZE') ? ` SIZE=${payloadLength(data)}` : ''}`;
    const commands = [`MAIL FROM:<${envelope.from}>${params}`, ...envelope.to.map((to) => `RCPT TO:<${to}>`), 'DATA'];
    const steps: SmtpStep[] = ['MAIL FROM', ...envelope.to.map((): SmtpStep => 'RCPT TO'), 'DATA'];

    let replies: SmtpReply[];
    if (this.has('PIPELINING')) {
      const pending = steps.map((step) => this.expect(step));
      this.socket.write(`${commands.join('\r\n')}\r\n`);
      replies = envelopeReplies(await Promise.allSettled(pending));
    } else {
      replies = [];
      for (const [i, command] of commands.entries()) {
        const reply = await this.command(command, steps[i] as SmtpStep);
        replies.push(reply);
        const mailRefused = i === 0 && !ok(reply);
        const noneAccepted = i === commands.length - 2 && !replies.slice(1).some(ok);
        if (mailRefused || noneAccepted) break;
      }
    }

    const [mail] = replies as [SmtpReply];
    const rejected: SmtpError[] = [];
    const accepted: string[] = [];
    envelope.to.forEach((to, i) => {
      const reply = replies[i + 1];
      if (reply === undefined) return;
      if (ok(reply)) accepted.push(to);
      else rejected.push(Object.assign(refused('RCPT TO', reply), { recipient: to }));
    });
    const dataReply = replies.length === commands.length ? replies[replies.length - 1] : undefined;

    if (!ok(mail) || accepted.length === 0 || dataReply?.code !== 354) {
      // A relay that said 354 anyway waits for content: end it empty, then start over.
      if (dataReply?.code === 354) await this.endEmpty();
      await this.reset();
      if (!ok(mail)) throw refused('MAIL FROM', mail);
      if (accepted.length === 0) {
        const first = rejected[0] as SmtpError;
        throw Object.assign(smtpError('EENVELOPE', 'RCPT TO', `every recipient was refused: ${first.response ?? first.message}`, { reply: replyOf(first) }), { rejectedErrors: rejected });
      }
      throw refused('DATA', dataReply ?? mail);
    }

    const answer = this.expect('content');
    // The pieces go out together: corked writes leave in one writev, with no copy of the message.
    this.socket.cork();
    for (const [i, piece] of data.entries()) this.socket.write(piece, i === data.length - 1 ? this.contentGone : undefined);
    this.socket.uncork();
    const reply = await answer;
    if (!ok(reply)) throw refused('message', reply, 'EMESSAGE');
    return { accepted, rejected, response: reply.text };
  }

  /**
   * Envelope addresses are validated upstream; this keeps a broken one from
   * ever reaching the wire as a command. Returns whether SMTPUTF8 is needed.
   */
  private checkEnvelope(envelope: Envelope): boolean {
    for (const address of [envelope.from, ...envelope.to]) {
      if (ADDRESS_UNSAFE.test(address)) {
        throw smtpError('EENVELOPE', address === envelope.from ? 'MAIL FROM' : 'RCPT TO', `not a usable address: ${JSON.stringify(address)}`, {
          reply: localReply(553, '5.1.3', `not a usable address: ${JSON.stringify(address)}`),
        });
      }
    }
    const utf8From = NON_ASCII.test(envelope.from);
    const utf8 = utf8From || envelope.to.some((to) => NON_ASCII.test(to));
    if (utf8 && !this.has('SMTPUTF8')) {
      // A recipient's address is that message's problem; our own sender address would be every message's.
      throw smtpError('EENVELOPE', utf8From ? 'MAIL FROM' : 'RCPT TO', 'the relay does not take addresses with non-ASCII characters (no SMTPUTF8)', {
        reply: localReply(553, '5.6.7', 'the relay does not take non-ASCII addresses (no SMTPUTF8)'),
      });
    }
    if (envelope.to.length === 0) throw smtpError('EENVELOPE', 'RCPT TO', 'a message needs at least one recipient');
    return utf8;
  }

  /** The content's last byte has left: from now on the relay may have the message. */
  private readonly contentGone = (error?: Error | null): void => {
    const waiter = this.waiters[0];
    if (error || waiter?.step !== 'content') return;
    waiter.step = 'message';
    this.arm();
  };

  private async endEmpty(): Promise<void> {
    const answer = this.expect('message');
    this.socket.write(END_OF_DATA);
    await answer;
  }

  /** RSET after a refused transaction; a relay that will not reset is left. */
  private async reset(): Promise<void> {
    try {
      const reply = await this.command('RSET', 'RSET');
      if (!ok(reply)) this.destroy();
    } catch {
      this.destroy();
    }
  }

  // ---- the wire --------------------------------------------------------------------------------

  private command(line: string, step: SmtpStep): Promise<SmtpReply> {
    const reply = this.expect(step);
    if (this.failure === null) this.socket.write(`${line}\r\n`);
    return reply;
  }

  /** The next reply, in order of the commands sent. */
  private expect(step: SmtpStep): Promise<SmtpReply> {
    return new Promise((resolve, reject) => {
      if (this.failure !== null) {
        reject(forStep(this.failure, step));
        return;
      }
      this.waiters.push({ step, resolve, reject });
      if (this.waiters.length === 1) this.arm();
    });
  }

  /** The socket's timeout for the reply awaited first (or the idle timeout). */
  private arm(): void {
    const ms = timeoutFor(this.waiters[0]?.step, this.timeouts);
    if (ms === this.armedMs) return;
    this.armedMs = ms;
    this.socket.setTimeout(ms);
  }

  private attach(socket: net.Socket): void {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('timeout', this.onTimeout);
  }

  private detach(socket: net.Socket): void {
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    socket.off('timeout', this.onTimeout);
  }

  private readonly onData = (chunk: Buffer): void => {
    let replies: SmtpReply[];
    try {
      replies = this.reader.push(chunk);
    } catch (error) {
      this.fail(smtpError('EPROTOCOL', this.waiters[0]?.step ?? 'greeting', (error as Error).message));
      return;
    }
    for (const reply of replies) {
      const waiter = this.waiters.shift();
      if (waiter === undefined) {
        this.fail(smtpError('EPROTOCOL', 'greeting', `the relay sent a reply nobody asked for: ${reply.text}`));
        return;
      }
      waiter.resolve(reply);
    }
    if (replies.length > 0) this.arm();
  };

  private readonly onError = (error: Error): void => {
    this.fail(smtpError('ESOCKET', this.waiters[0]?.step ?? 'connect', `connection error: ${error.message}`, { cause: error }));
  };

  private readonly onClose = (): void => {
    this.fail(smtpError('ECONNECTION', this.waiters[0]?.step ?? 'connect', 'the relay closed the connection'));
  };

  private readonly onTimeout = (): void => {
    const waiter = this.waiters[0];
    if (waiter === undefined) {
      // Nothing to do for `idle`: say goodbye rather than wait for the relay to drop us.
      if (!this.busy) void this.quit();
      return;
    }
    const ms = timeoutFor(waiter.step, this.timeouts);
    const what = waiter.step === 'content' ? 'did not take the message' : waiter.step === 'message' ? 'did not answer the end of the message' : `did not answer ${waiter.step}`;
    this.fail(smtpError('ETIMEDOUT', waiter.step, `the relay ${what} within ${Math.round(ms / 1000)} s (smtp.timeouts)`));
  };

  /** The connection is over: every reply awaited fails with `error`, told per step. */
  private fail(error: SmtpError): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.socket.destroy();
    for (const waiter of this.waiters.splice(0)) waiter.reject(forStep(error, waiter.step));
  }

  private upgrade(): Promise<void> {
    const plain = this.socket;
    this.detach(plain);
    this.reader = new ReplyReader();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        secure.destroy();
        reject(smtpError('ETIMEDOUT', 'STARTTLS', 'TLS negotiation took too long'));
      }, this.timeouts.connection);
      const secure = tls.connect({ socket: plain, ...tlsOptions(this.endpoint) }, () => {
        clearTimeout(timer);
        secure.off('error', failed);
        this.socket = secure;
        this.attach(secure);
        this.armedMs = -1;
        this.arm();
        resolve();
      });
      const failed = (error: Error): void => {
        clearTimeout(timer);
        this.failure = smtpError('ETLS', 'STARTTLS', `TLS negotiation failed: ${error.message}`, { cause: error });
        secure.destroy();
        reject(this.failure);
      };
      secure.once('error', failed);
    });
  }
}

/**
 * The replies to a pipelined envelope. When the connection broke part way, a
 * refusal that did arrive (a relay may answer 421 or 554 to MAIL FROM and
 * hang up, RFC 5321 §3.8) says more than the hang-up, and is what counts.
 */
function envelopeReplies(settled: readonly PromiseSettledResult<SmtpReply>[]): SmtpReply[] {
  const replies: SmtpReply[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') {
      const [mail, ...recipients] = replies;
      if (mail !== undefined && !ok(mail)) throw refused('MAIL FROM', mail);
      const refusal = recipients.find((reply) => !ok(reply));
      if (refusal !== undefined) throw refused('RCPT TO', refusal);
      throw result.reason;
    }
    replies.push(result.value);
  }
  return replies;
}

function ok(reply: SmtpReply | undefined): boolean {
  return reply !== undefined && reply.code >= 200 && reply.code < 300;
}

function replyOf(error: SmtpError): SmtpReply | undefined {
  if (error.responseCode === undefined) return undefined;
  return { code: error.responseCode, lines: [error.response ?? ''], text: error.response ?? '' };
}

/** A reply tidings makes up itself when it refuses to send (so that it classifies like the relay's would). */
function localReply(code: number, enhanced: string, text: string): SmtpReply {
  return { code, enhanced, lines: [`${enhanced} ${text}`], text: `${code} ${enhanced} ${text} (tidings, not sent)` };
}

/** The same failure as seen by the step that was waiting; the relay may have a message whose content had gone. */
function forStep(error: SmtpError, step: SmtpStep): SmtpError {
  const copy = smtpError(error.code, step, error.message, { cause: error.cause, inDoubt: step === 'message' });
  if (error.responseCode !== undefined) copy.responseCode = error.responseCode;
  if (error.response !== undefined) copy.response = error.response;
  return copy;
}

function parseExtensions(lines: readonly string[]): Map<string, string> {
  const extensions = new Map<string, string>();
  for (const line of lines) {
    const match = /^([A-Za-z0-9][A-Za-z0-9-]*)(?:[ =](.*))?$/.exec(line.trim());
    if (match?.[1] === undefined) continue;
    const keyword = match[1].toUpperCase();
    const params = (match[2] ?? '').trim();
    extensions.set(keyword, extensions.has(keyword) ? `${extensions.get(keyword) ?? ''} ${params}`.trim() : params);
  }
  return extensions;
}
