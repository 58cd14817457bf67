import { ImapFlow } from 'imapflow';
import type { ReceivedMessage } from './classify.js';

export interface ImapSettings {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user: string;
  readonly password: string;
  readonly mailbox: string;
  /** 'seen': read unseen messages and flag them \Seen; 'move': read every message and move it to `moveTo`. */
  readonly processed: 'move' | 'seen';
  readonly moveTo: string;
}

export interface ImapPass {
  readonly read: number;
  readonly failed: number;
}

/**
 * One pass over a mailbox (imapflow): every message not yet processed is
 * handed to `handle`, and only once that resolved is it flagged \Seen or
 * moved, so a message whose events could not be stored is read again at
 * the next pass.
 */
export async function pollImapOnce(
  settings: ImapSettings,
  handle: (message: ReceivedMessage) => Promise<void>,
  clock: () => Date,
  onError: (error: Error, uid: number) => void,
): Promise<ImapPass> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
  });
  client.on('error', () => {
    // A broken connection fails the command in progress, which reports it.
  });
  await client.connect().catch((error: unknown) => {
    throw imapError(error);
  });
  let read = 0;
  let failed = 0;
  try {
    // moveTo names a folder with "/" between levels, whatever separator the server uses.
    let moveTo = settings.moveTo;
    if (settings.processed === 'move') {
      const segments = settings.moveTo.split('/').filter((part) => part !== '');
      const found = (await client.list()).find((box) => box.path.split(box.delimiter || '/').join('/') === segments.join('/'));
      moveTo = found?.path ?? (await client.mailboxCreate(segments)).path;
    }
    const lock = await client.getMailboxLock(settings.mailbox);
    try {
      const query = settings.processed === 'seen' ? { seen: false } : { all: true };
      const found = await client.search(query, { uid: true });
      const uids = Array.isArray(found) ? found : [];
      // Fetched first, handled after: imapflow cannot run other commands inside a fetch loop.
      const messages: { uid: number; source: Buffer; to: string[] }[] = [];
      if (uids.length > 0) {
        for await (const item of client.fetch(uids, { uid: true, source: true, envelope: true }, { uid: true })) {
          if (item.source) messages.push({ uid: item.uid, source: item.source, to: [] });
        }
      }
      for (const { uid, source } of messages) {
        try {
          await handle({ raw: source, source: 'imap', receivedAt: clock() });
        } catch (error) {
          failed += 1;
          onError(error instanceof Error ? error : new Error(String(error)), uid);
          continue;
        }
        read += 1;
        if (settings.processed === 'seen') await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        else await client.messageMove(String(uid), moveTo, { uid: true });
      }
    } finally {
      lock.release();
    }
  } catch (error) {
    throw imapError(error);
  } finally {
    await client.logout().catch(() => undefined);
  }
  return { read, failed };
}

/** imapflow's "Command failed" with what the server said, when it said something. */
function imapError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const said = (error as { responseText?: unknown; serverResponseCode?: unknown }).responseText;
  return typeof said === 'string' && said !== '' && !error.message.includes(said) ? new Error(`${error.message}: ${said}`, { cause: error }) : error;
}
