import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { InputError } from '../../errors.js';
import { createOutboxTransport } from './outbox.js';
import { createSmtpTransport, type SmtpTransportOptions } from './smtp.js';
import type { SmtpTimeouts } from '../smtp/timeouts.js';
import type { MailTransport } from './types.js';

export type { MailTransport, OutgoingMessage, SendResult } from './types.js';
export { classifySmtpError, type SmtpErrorClass, type SmtpErrorKind } from './classify.js';
export { createSmtpTransport } from './smtp.js';
export { createOutboxTransport } from './outbox.js';

export interface OpenTransportOptions {
  /** Folder relative paths of the config are resolved against (the config file's folder). */
  rootDir: string;
  /** Test hook: SMTP timeouts in ms, over the config's. */
  timeouts?: SmtpTransportOptions['timeouts'];
}

/**
 * The transport the config asks for: SMTP when TIDINGS_SMTP_URL or
 * smtp.url names a relay, else the outbox (`<build.outDir>/outbox/`), which
 * needs no account at all. Its `description` says which, for the command
 * to print. A DKIM key file that cannot be read is an InputError naming it.
 */
export async function openTransport(config: Config, env: NodeJS.ProcessEnv, options: OpenTransportOptions): Promise<MailTransport> {
  const dkim = config.smtp.dkim === undefined ? undefined : await readDkim(config.smtp.dkim, options.rootDir);
  const envUrl = env.TIDINGS_SMTP_URL;
  const url = envUrl !== undefined && envUrl !== '' ? envUrl : config.smtp.url;
  if (url !== undefined) {
    return createSmtpTransport({
      url,
      maxConnections: config.smtp.pool.maxConnections,
      rateLimit: config.smtp.pool.rateLimit,
      maxMessages: config.smtp.pool.maxMessages,
      ...(dkim ? { dkim } : {}),
      timeouts: { ...timeoutsMs(config.smtp.timeouts), ...options.timeouts },
      // The bench's switch: the whole send over nodemailer's SMTPConnection (docs/benchmarks.md).
      ...(env.TIDINGS_SMTP_WIRE === 'nodemailer' ? { wire: 'nodemailer' as const } : {}),
    });
  }
  const outDir = path.join(config.build.outDir, 'outbox');
  return createOutboxTransport({
    dir: path.resolve(options.rootDir, outDir),
    shownAs: `${outDir}${path.sep}`,
    ...(dkim ? { dkim } : {}),
  });
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
