import type { SendMailOptions } from 'nodemailer';
import type { Config } from '../../src/config/schema.js';
import type { DigestTemplates, Issue } from '../../src/digest/index.js';
import { planIssues } from '../../src/digest/index.js';
import type { MailTransport, SendResult } from '../../src/mail/transport/index.js';
import { classifySmtpFailure } from '../../src/mail/transport/classify.js';
import type { SenderDeps } from '../../src/send/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store, SubscriberInput } from '../../src/store/store.js';
import { digestConfig, postAt, templatesFor } from '../digest/helpers.js';

/**
 * Fixtures for the sender's tests: a small issue with three themed
 * sections and one "More posts", a store in memory, a transport that does
 * what each test scripts per recipient, and a clock that only moves when
 * the sender sleeps. Fresh objects per call.
 */

export const SECRET = 'test-secret-that-is-long-enough-0123456789';
export const T0 = Date.parse('2024-06-03T09:00:00.000Z');

export function sendConfig(pool: Partial<Config['smtp']['pool']> = {}): Config {
  const base = digestConfig();
  return { ...base, smtp: { ...base.smtp, pool: { ...base.smtp.pool, ...pool } }, subscriptions: { ...base.subscriptions, secret: SECRET } };
}

const at = (h: number) => `2019-07-30T${String(h).padStart(2, '0')}:00:00Z`;

/** Issue 2019-W31: inspection, workforce and policy sections, and "More posts". */
export function fixtureIssue(config: Config): Issue {
  const posts = [
    postAt(1, at(8), ['inspection'], { title: 'On inspection' }),
    postAt(2, at(9), ['workforce'], { title: 'On workforce' }),
    postAt(3, at(10), ['policy'], { title: 'On policy' }),
    postAt(4, at(11), [], { title: 'On nothing much' }),
  ];
  return planIssues(posts, config).issues[0] as Issue;
}

export async function memoryStore(subscribers: SubscriberInput[] = []): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  if (subscribers.length > 0) await store.upsertSubscribers(subscribers);
  return store;
}

/** `count` active subscribers n0@example.org … following every theme. */
export function activeSubscribers(count: number, from = 0): SubscriberInput[] {
  return Array.from({ length: count }, (_, i) => ({ email: `n${from + i}@example.org`, name: `Reader ${from + i}`, status: 'active' as const }));
}

/** Errors shaped as nodemailer makes them. */
export const SMTP_ERRORS = {
  tempfail: () => Object.assign(new Error("Can't send mail - all recipients were rejected: 451 4.3.0 Try again later"), { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451, response: '451 4.3.0 Try again later' }),
  unknownUser: (to: string) =>
    Object.assign(new Error('550 5.1.1 User unknown'), { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: `550 5.1.1 <${to}>: Recipient address rejected: User unknown` }),
  rejected: () => Object.assign(new Error('554 5.7.1 Message refused'), { code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 5.7.1 Message refused' }),
  mailboxFull: () => Object.assign(new Error('552 5.2.2 Mailbox full'), { code: 'EMESSAGE', command: 'message', responseCode: 552, response: '552 5.2.2 Mailbox full' }),
  dropped: () => Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION', command: 'CONN' }),
  auth: () => Object.assign(new Error('Invalid login: 535 Authentication failed'), { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 Authentication failed' }),
};

export type Behaviour = 'accept' | Error | ((attempt: number) => 'accept' | Error);

export interface FakeTransport extends Pick<MailTransport, 'send' | 'classify'> {
  /** Messages taken, in order. */
  readonly taken: { to: string; raw: Buffer; messageId: string }[];
  /** Attempts per recipient (taken or not). */
  readonly attempts: Map<string, number>;
  /** The most sends in progress at once. */
  readonly mostAtOnce: () => number;
  behave(address: string, behaviour: Behaviour): void;
  /** Holds every send until release() (to catch a sender mid-send). */
  hold(): void;
  release(): void;
  /** Called as each send starts, with how many are in progress. */
  onSend?: (to: string, inProgress: number) => void;
}

export function fakeTransport(): FakeTransport {
  const behaviours = new Map<string, Behaviour>();
  const taken: { to: string; raw: Buffer; messageId: string }[] = [];
  const attempts = new Map<string, number>();
  let inProgress = 0;
  let most = 0;
  let gate: Promise<void> | null = null;
  let open: () => void = () => {};
  const transport: FakeTransport = {
    taken,
    attempts,
    mostAtOnce: () => most,
    // Its failures are SMTP-shaped (smtpError), so judged as the SMTP relay judges them.
    classify: classifySmtpFailure,
    behave: (address, behaviour) => void behaviours.set(address, behaviour),
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
    async send(message: SendMailOptions): Promise<SendResult> {
      const to = String((message.envelope as { to: string[] }).to[0]);
      const raw = message.raw as Buffer;
      const attempt = (attempts.get(to) ?? 0) + 1;
      attempts.set(to, attempt);
      inProgress += 1;
      most = Math.max(most, inProgress);
      transport.onSend?.(to, inProgress);
      try {
        await new Promise((resolve) => setImmediate(resolve));
        if (gate) await gate;
        let behaviour = behaviours.get(to) ?? 'accept';
        if (typeof behaviour === 'function') behaviour = behaviour(attempt);
        if (behaviour !== 'accept') throw behaviour;
        const messageId = /^Message-ID: (<[^>]+>)/im.exec(raw.toString('latin1'))?.[1] ?? '';
        taken.push({ to, raw, messageId });
        return { messageId, accepted: [to], rejected: [], response: '250 2.0.0 OK queued' };
      } finally {
        inProgress -= 1;
      }
    },
  };
  return transport;
}

/** A clock that moves only when the sender sleeps (or a test moves it). */
export function fakeClock(start = T0): { now: () => Date; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => new Date(t),
    async sleep(ms) {
      slept.push(ms);
      t += ms;
    },
    advance(ms) {
      t += ms;
    },
    slept,
  };
}

export interface Harness {
  store: Store;
  transport: FakeTransport;
  clock: ReturnType<typeof fakeClock>;
  config: Config;
  issue: Issue;
  deps: SenderDeps;
}

let templatesCache: Promise<DigestTemplates> | undefined;

export async function harness(subscribers: SubscriberInput[], pool: Partial<Config['smtp']['pool']> = {}): Promise<Harness> {
  const config = sendConfig(pool);
  templatesCache ??= templatesFor(config);
  const templates = await templatesCache;
  const store = await memoryStore(subscribers);
  const transport = fakeTransport();
  const clock = fakeClock();
  const deps: SenderDeps = { store, transport, config, templates, secret: SECRET, now: clock.now, sleep: clock.sleep, every: () => () => {} };
  return { store, transport, clock, config, issue: fixtureIssue(config), deps };
}
