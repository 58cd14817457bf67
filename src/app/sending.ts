import type { DigestTemplates } from '../digest/templates/compile.js';
import type { MailTransport } from '../mail/transport/types.js';
import type { SenderDeps } from '../send/sender.js';
import { requireSecret } from '../subscribers/secret.js';
import type { App } from './open-app.js';
import { checkSending, type SendingCheck } from './sending-check.js';
import { siteTemplates } from './templates.js';
import { mailRoute, openTransport, type MailRoute, type OpenTransportOptions, type RouteOptions } from './transport.js';

export interface SendingRequest extends SendingCheck, RouteOptions {
  /** Test hook: SMTP timeouts in ms over the config's. */
  readonly timeouts?: OpenTransportOptions['timeouts'];
}

/** A way out for one send, checked: where it goes, its transport (open: close it), and what the check had to say. */
export interface Sending {
  readonly route: MailRoute;
  readonly transport: MailTransport;
  /** The sending check's warnings, to print or log (a refusal never gets this far). */
  readonly warnings: readonly string[];
  close(): Promise<void>;
}

/**
 * The route (relay, outbox, a running preview's inbox when asked), the
 * sending check on it (refuses with an InputError before anything is
 * opened), then its transport, with connections of its own. Every path
 * that sends opens one: `tidings send`, the scheduler's send step, and a
 * worker (one per process: its own connections).
 */
export async function openSending(app: App, request: SendingRequest): Promise<Sending> {
  const route = await mailRoute(app, request);
  const warnings = checkSending(app.config, route.kind, request);
  const transport = await openTransport(app, route, request.timeouts === undefined ? {} : { timeouts: request.timeouts });
  return { route, transport, warnings, close: () => transport.close() };
}

/** The sending check on the route the config gives (no preview looked for): what `start` and the scheduler say at start, before they serve or wait. */
export async function checkConfiguredSending(app: App, check: SendingCheck): Promise<readonly string[]> {
  return checkSending(app.config, (await mailRoute(app)).kind, check);
}

/** What a sender takes beside the app: the waits, and where it reports. */
export interface SenderExtras {
  readonly sleep: SenderDeps['sleep'];
  readonly warn?: (message: string) => void;
  readonly onProgress?: SenderDeps['onProgress'];
  /** Templates already compiled for this send (else read now). */
  readonly templates?: DigestTemplates;
}

/**
 * Everything `sendIssue` (send/sender.ts) needs, from the app and a
 * transport (`openSending(...).transport`): the store, the config, the
 * compiled templates, the secret that signs the links (a TidingsError
 * saying what to set when there is none), the clock.
 */
export async function senderDeps(app: App, transport: MailTransport, extras: SenderExtras): Promise<SenderDeps> {
  const secret = requireSecret(app.config);
  const templates = extras.templates ?? (await siteTemplates(app.config, app.rootDir));
  return {
    store: app.store,
    transport,
    config: app.config,
    templates,
    secret,
    now: app.now,
    sleep: extras.sleep,
    ...(extras.warn ? { warn: extras.warn } : {}),
    ...(extras.onProgress ? { onProgress: extras.onProgress } : {}),
  };
}
