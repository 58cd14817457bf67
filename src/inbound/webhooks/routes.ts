import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MIN_WEBHOOK_SECRET_LENGTH, type WebhooksConfig } from '../../config/webhooks-schema.js';
import type { Route } from '../../server/router.js';
import type { InboundSource } from '../event.js';
import { mailgunHandler } from './mailgun.js';
import { postmarkHandler } from './postmark.js';
import { sendgridHandler } from './sendgrid.js';
import { sesHandler } from './ses.js';
import type { FetchText, InboundSink, WebhookHandler } from './types.js';

export interface WebhookDeps {
  readonly config: WebhooksConfig;
  /** Where verified events go (the wiring's: app.ts inboundSink). */
  readonly sink: InboundSink;
  readonly now: () => Date;
  /** GETs the SNS certificate and subscription confirmation; default: fetch over the network. */
  readonly fetchText?: FetchText;
  readonly info: (message: string) => void;
  readonly warn: (message: string) => void;
}

export interface Webhooks {
  readonly routes: Route[];
  /** The providers answered, for the start-up line; empty when none is configured or the secret is missing. */
  readonly providers: readonly InboundSource[];
}

/** Largest body taken: SendGrid batches events, a few hundred kB at most. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The relays' webhooks as server routes: POST /hooks/<provider>/<secret>
 * for each provider configured under inbound.webhooks. The secret in the
 * path is the first check (a wrong one answers 404, like a provider that
 * is not set up); then the provider's own (signature, certificate, basic
 * auth). Only a request that passed both reaches the sink; a sink that
 * fails answers 500 so that the provider sends it again.
 */
export function webhookRoutes(deps: WebhookDeps): Webhooks {
  const { config } = deps;
  const handlers = new Map<string, WebhookHandler>();
  const fetchText = deps.fetchText ?? fetchOverNetwork;
  if (config.ses) handlers.set('ses', sesHandler(config.ses, fetchText, deps.info));
  if (config.postmark) handlers.set('postmark', postmarkHandler(config.postmark));
  if (config.mailgun) handlers.set('mailgun', mailgunHandler(config.mailgun));
  if (config.sendgrid) handlers.set('sendgrid', sendgridHandler(config.sendgrid));
  if (handlers.size === 0) return { routes: [], providers: [] };
  const secret = config.secret;
  if (secret === undefined) {
    deps.warn(`the webhooks of ${[...handlers.keys()].join(', ')} are off: set TIDINGS_WEBHOOK_SECRET (or inbound.webhooks.secret) to ${MIN_WEBHOOK_SECRET_LENGTH} or more random letters and digits; it is the last part of each webhook's URL`);
    return { routes: [], providers: [] };
  }
  if (config.mailgun && config.mailgun.signingKey === undefined) deps.warn('inbound.webhooks.mailgun has no signing key: its webhook answers 503 until TIDINGS_MAILGUN_SIGNING_KEY is set');
  if (config.sendgrid && config.sendgrid.publicKey === undefined) deps.warn('inbound.webhooks.sendgrid has no verification key: its webhook answers 503 until TIDINGS_SENDGRID_WEBHOOK_KEY is set');
  if (config.postmark && config.postmark.username !== undefined && config.postmark.password === undefined) deps.warn('inbound.webhooks.postmark has a username but no password: set TIDINGS_POSTMARK_WEBHOOK_PASSWORD');

  const route: Route = {
    method: 'POST',
    path: /^\/hooks\/(?<provider>[a-z]+)\/(?<secret>[^/]+)\/?$/,
    handler: async ({ req, res, params }) => {
      const answer = (status: number, message: string, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
        res.end(`${message}\n`);
      };
      const provider = params.provider ?? '';
      const handler = handlers.get(provider);
      if (handler === undefined || !sameSecret(params.secret ?? '', secret)) return answer(404, 'Not found');
      const body = await readBody(req);
      if (body === null) return answer(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
      const result = await handler.handle({ body, headers: req.headers }, deps.now());
      if (result.status >= 400) {
        deps.warn(`webhook ${provider}: refused (${result.status}): ${result.message}`);
        return answer(result.status, result.message, result.headers);
      }
      if (result.events.length > 0) {
        try {
          await deps.sink([...result.events]);
        } catch (error) {
          deps.warn(`webhook ${provider}: ${result.events.length} event(s) could not be applied: ${error instanceof Error ? error.message : String(error)}; the provider will send them again`);
          return answer(500, 'could not apply the events; send them again later');
        }
      }
      result.onApplied?.();
      return answer(result.status, result.message);
    },
  };
  return { routes: [route], providers: [...handlers.keys()] as InboundSource[] };
}

function sameSecret(given: string, wanted: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The whole body, or null when it is larger than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A GET with a 10-second limit; a status other than 2xx is an error. */
async function fetchOverNetwork(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}
