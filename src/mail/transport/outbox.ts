import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DKIMOptions } from 'nodemailer';
import { messageComposer } from '../compose.js';
import { access, constants } from 'node:fs/promises';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { makeDirectory } from '../../files/make-dir.js';
import { classifySmtpFailure } from './classify.js';
import { dkimSigning } from '../dkim-headers.js';
import { trackInFlight } from './in-flight.js';
import { messageIdOf } from './message-id.js';
import type { MailTransport, SendResult, TransportFailure } from './types.js';

export interface OutboxTransportOptions {
  /** Folder the .eml files go to (created on first use). */
  dir: string;
  /** How the folder is named to the user (e.g. 'out/outbox/'). */
  shownAs?: string;
  dkim?: Pick<DKIMOptions, 'domainName' | 'keySelector' | 'privateKey'>;
  /** For file names; default: the clock. */
  now?: () => Date;
}

/**
 * The embedded default when no SMTP relay is configured: every message is
 * built exactly as it would be sent and written as one .eml file (whole or
 * not at all: temp file, then rename), named by time and Message-ID so that
 * a folder listing reads in sending order. Any mail client opens them.
 */
export function createOutboxTransport(options: OutboxTransportOptions): MailTransport {
  const builder = messageComposer(options.dkim ? { dkim: dkimSigning(options.dkim) } : {});
  const now = options.now ?? (() => new Date());
  const shown = options.shownAs ?? options.dir;
  const inFlight = trackInFlight('outbox');

  return {
    name: 'outbox',
    description: `no SMTP relay configured: messages are written to ${shown} (set TIDINGS_SMTP_URL or smtp.url to send them)`,
    send: (message) =>
      inFlight.run(async (): Promise<SendResult> => {
        const info = await builder.sendMail(message);
        const bytes = info.message;
        if (!Buffer.isBuffer(bytes)) throw new Error('outbox transport: the message was not built into a buffer');
        const messageId = messageIdOf(message, info.messageId);
        const file = path.join(options.dir, fileName(now(), messageId));
        await writeFileAtomic(file, bytes);
        return {
          messageId,
          accepted: [...info.envelope.to],
          rejected: [],
          response: `written to ${path.join(shown, path.basename(file))}`,
        };
      }),
    async verify() {
      await makeDirectory(options.dir);
      await access(options.dir, constants.W_OK);
    },
    classify: classifyOutboxFailure,
    close: () => inFlight.drain(),
  };
}

/**
 * An outbox failure is the disk's (full, read-only, no permission): its
 * error (files/write-error.ts) says so in words with the file, and a
 * delivery it fails stays pending for the next run (transient, never
 * fatal); there is no conversation, so no step.
 */
function classifyOutboxFailure(error: unknown): TransportFailure {
  return { ...classifySmtpFailure(error), step: null };
}

/** `20240603T090000123Z-<hash of the Message-ID>.eml`: sortable, unique, safe on every file system. */
function fileName(at: Date, messageId: string): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  const hash = createHash('sha256').update(messageId).digest('hex').slice(0, 16);
  return `${stamp}-${hash}.eml`;
}
