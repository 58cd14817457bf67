import type { Config } from './config/schema.js';
import { loadConfig } from './config/load.js';
import type { Store } from './store/store.js';
import { openStore, storeLocation, type StoreLocation } from './store/open.js';
import { InputError } from './errors.js';
import { judgeSending, type MailDestination } from './send/sending-safety.js';
import type { InboundEvent } from './inbound/event.js';
import { applyInboundEvents, inboundSettings } from './inbound/apply.js';
import type { InboundSink } from './inbound/webhooks/types.js';

/**
 * The one wiring point: reads the config and constructs the store. Every
 * command receives what it needs from here; nothing else reads config or
 * opens databases.
 */
export interface App {
  config: Config;
  /** The config file read, or null when running on defaults. */
  configFile: string | null;
  /** Folder relative paths are resolved against (the config file's folder). */
  rootDir: string;
  store: Store;
  /** Where the store is (SQLite file or PostgreSQL database). */
  storeLocation: StoreLocation;
  now: () => Date;
  close(): Promise<void>;
}

export interface AppOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  now?: () => Date;
}

export async function openApp(opts: AppOptions): Promise<App> {
  const loaded = await loadConfig({ cwd: opts.cwd, env: opts.env, ...(opts.configFile ? { file: opts.configFile } : {}) });
  const location = storeLocation(loaded.config.store, loaded.rootDir);
  const store = await openStore(location);
  return {
    storeLocation: location,
    config: loaded.config,
    configFile: loaded.file,
    rootDir: loaded.rootDir,
    store,
    now: opts.now ?? (() => new Date()),
    close: () => store.close(),
  };
}

/** Who a send is for: the subscribers of an issue, or one test copy (`send --to`, the preview's test send). */
export interface SendingCheck {
  readonly audience: 'subscribers' | 'test-copy';
  /** `--allow-insecure`: send to subscribers even with the problems below. */
  readonly allowInsecure: boolean;
  /** The messages go to a running `tidings preview`'s inbox, not the configured transport. */
  readonly previewInbox?: boolean;
}

/** Where the messages of a send go with this config and environment: the preview's inbox, a relay, or the outbox. */
export function mailDestination(config: Config, env: NodeJS.ProcessEnv, previewInbox = false): MailDestination {
  if (previewInbox) return 'preview-inbox';
  const url = env.TIDINGS_SMTP_URL !== undefined && env.TIDINGS_SMTP_URL !== '' ? env.TIDINGS_SMTP_URL : config.smtp.url;
  return url === undefined ? 'outbox' : 'relay';
}

/**
 * The one check every path that sends calls before it sends (send, send
 * --to, the scheduler of `schedule` and `start`, the preview at start for
 * its test sends):
 * a non-https site.baseUrl or a From on a non-public domain refuses a send
 * to subscribers over a relay (an InputError saying what to set, exit 2)
 * unless `allowInsecure`; otherwise the problems come back as warnings to
 * print. See send/sending-safety.ts.
 */
export function checkSending(config: Config, env: NodeJS.ProcessEnv, check: SendingCheck): readonly string[] {
  const verdict = judgeSending(config, { destination: mailDestination(config, env, check.previewInbox), audience: check.audience, allowInsecure: check.allowInsecure });
  if (verdict.refusal !== null) throw new InputError(verdict.refusal);
  return verdict.warnings;
}

/**
 * Where the events that come back by a provider's webhook are applied: the
 * same apply step as the listener, files and IMAP (inbound/apply.ts), so a
 * webhook's bounce suppresses, counts or is kept for review by the same
 * rules. One line is logged per event with what it did.
 */
export function inboundSink(app: App, log: (message: string, event: InboundEvent) => void): InboundSink {
  return async (events) => {
    const summary = await applyInboundEvents(app.store, events, app.now, inboundSettings(app.config));
    for (const applied of summary.events) {
      const { event } = applied;
      log(`inbound ${event.kind} from ${event.source} for ${event.recipient ?? 'an unknown recipient'}${event.messageId ? ` (${event.messageId})` : ''}: ${applied.outcome}: ${applied.detail}`, event);
    }
  };
}
