import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { InputError } from '../errors.js';
import type { SmtpTimeouts } from '../mail/smtp/timeouts.js';
import { createOutboxTransport } from '../mail/transport/outbox.js';
import { createPreviewInboxTransport } from '../mail/transport/preview-inbox.js';
import { createSmtpTransport, type SmtpTransportOptions } from '../mail/transport/smtp.js';
import type { MailTransport } from '../mail/transport/types.js';
import { runningInboxUrl } from '../preview/inbox/inbox-file.js';
import type { App } from './open-app.js';

/**
 * Where a command's mail goes, decided before anything is opened (the
 * sending check judges it: sending-check.ts):
 * - relay: smtp.url (or TIDINGS_SMTP_URL, which the config loader puts
 *   there) names an SMTP relay;
 * - outbox: no relay: .eml files in `<build.outDir>/outbox/`;
 * - preview-inbox: a running `tidings preview`'s own inbox.
 * The kind is the transport's name (mail/transport/) and the sending
 * rule's destination (send/sending-safety.ts).
 */
export type MailRoute =
  | { readonly kind: 'relay'; readonly url: string }
  | { readonly kind: 'outbox'; readonly dir: string; readonly shownAs: string }
  | { readonly kind: 'preview-inbox'; readonly url: string };

export interface RouteOptions {
  /**
   * `tidings send`: with no relay configured, the inbox of a `tidings
   * preview` running for this site takes the mail instead of the outbox
   * (found by .tidings/preview.json and an SMTP greeting on its port).
   */
  readonly previewIfRunning?: boolean;
}

type AppParts = Pick<App, 'config' | 'rootDir' | 'environment'>;

/** The route the config gives (see MailRoute); a relay configured always wins. */
export async function mailRoute(app: Pick<App, 'config' | 'rootDir'>, options: RouteOptions = {}): Promise<MailRoute> {
  const { config, rootDir } = app;
  if (config.smtp.url !== undefined) return { kind: 'relay', url: config.smtp.url };
  if (options.previewIfRunning) {
    const inbox = await runningInboxUrl(rootDir);
    if (inbox !== null) return { kind: 'preview-inbox', url: inbox };
  }
  const outDir = path.join(config.build.outDir, 'outbox');
  return { kind: 'outbox', dir: path.resolve(rootDir, outDir), shownAs: `${outDir}${path.sep}` };
}

export interface OpenTransportOptions {
  /** Sign with smtp.dkim when configured (default true); the preview's own test sends do not (they never have). */
  readonly sign?: boolean;
  /** Test hook: SMTP timeouts in ms, over the config's (a relay only). */
  readonly timeouts?: SmtpTransportOptions['timeouts'];
}

/**
 * The transport for a route, one kind per file in mail/transport/: a
 * relay's pool with the config's size, rate, message cap, timeouts and
 * DKIM; the outbox; the preview's inbox with its own small settings. Its
 * `description` says where messages go, for the command to print. A DKIM
 * key file that cannot be read is an InputError naming it. A new relay
 * kind is a file there, a MailRoute case and a line below.
 */
export async function openTransport(app: AppParts, route: MailRoute, options: OpenTransportOptions = {}): Promise<MailTransport> {
  const { config } = app;
  const dkim = options.sign === false || config.smtp.dkim === undefined ? undefined : await readDkim(config.smtp.dkim, app.rootDir);
  switch (route.kind) {
    case 'relay':
      return createSmtpTransport({
        url: route.url,
        maxConnections: config.smtp.pool.maxConnections,
        rateLimit: config.smtp.pool.rateLimit,
        maxMessages: config.smtp.pool.maxMessages,
        ...(dkim ? { dkim } : {}),
        timeouts: { ...timeoutsMs(config.smtp.timeouts), ...options.timeouts },
        ...(app.environment.smtpWire === 'nodemailer' ? { wire: 'nodemailer' as const } : {}),
      });
    case 'outbox':
      return createOutboxTransport({ dir: route.dir, shownAs: route.shownAs, ...(dkim ? { dkim } : {}) });
    case 'preview-inbox':
      return createPreviewInboxTransport({ url: route.url, ...(dkim ? { dkim } : {}) });
  }
}

/** The route and its transport at once: what serve's confirmation emails use. */
export async function openConfiguredTransport(app: AppParts, options: RouteOptions & OpenTransportOptions = {}): Promise<MailTransport> {
  return openTransport(app, await mailRoute(app, options), options);
}

function timeoutsMs(seconds: Config['smtp']['timeouts']): SmtpTimeouts {
  const ms = (s: number): number => Math.round(s * 1000);
  return {
    connection: ms(seconds.connect),
    greeting: ms(seconds.greeting),
    command: ms(seconds.command),
    dataStart: ms(seconds.dataStart),
    dataBlock: ms(seconds.dataBlock),
    dataEnd: ms(seconds.dataEnd),
    idle: ms(seconds.idle),
  };
}

async function readDkim(
  dkim: NonNullable<Config['smtp']['dkim']>,
  rootDir: string,
): Promise<{ domainName: string; keySelector: string; privateKey: string }> {
  const file = path.resolve(rootDir, dkim.privateKeyFile);
  let privateKey: string;
  try {
    privateKey = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the DKIM private key ${file} (smtp.dkim.privateKeyFile): ${(error as Error).message}`);
  }
  if (!privateKey.includes('PRIVATE KEY-----')) {
    throw new InputError(`${file} (smtp.dkim.privateKeyFile) is not a PEM private key: it should start with -----BEGIN PRIVATE KEY-----`);
  }
  return { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey };
}
