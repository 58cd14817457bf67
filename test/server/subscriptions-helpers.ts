import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/schema.js';
import { createSmtpTransport } from '../../src/mail/transport/smtp.js';
import type { MailTransport } from '../../src/mail/transport/types.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { subscriptionRoutes } from '../../src/server/subscriptions/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';
import { createTokenSigner, type TokenPurpose } from '../../src/subscribers/tokens.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

export const SECRET = 'test-secret-0123456789-abcdefghijklmnop';

export const CONFIG_YAML = `
site:
  title: Care Notes
  language: en-GB
email:
  from: Care Notes <roundup@example.org>
  replyTo: editor@example.org
  postalAddress: 1 High Street, Leeds
themes:
  - { slug: courts, name: Courts, description: Family courts and judgments }
  - { slug: adoption, name: Adoption }
subscriptions:
  secret: ${SECRET}
`;

/** A running `serve` with the subscription routes, a real store and a real SMTP sink; the clock is the test's. */
export interface SubscriptionApp {
  base: string;
  store: Store;
  sink: SmtpSink;
  config: Config;
  clock: { now: Date };
  /** A token as the endpoints would make it (for links a roundup would carry), for an address; expires defaults to a day from now. */
  token(who: { email: string }, purpose: TokenPurpose, expires?: Date | null): string;
  get(pathAndQuery: string): Promise<Response>;
  post(pathAndQuery: string, body: string | URLSearchParams, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startSubscriptionApp(extraYaml = '', options: { store?: Store } = {}): Promise<SubscriptionApp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-subscriptions-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>home</title>');
  const config = parseConfig(CONFIG_YAML + extraYaml, 'test.yaml');
  const store = options.store ?? (await openSqliteStore(':memory:'));
  const sink = await startSmtpSink();
  const transport: MailTransport = createSmtpTransport({ url: sink.url, maxConnections: 1, rateLimit: 0, timeouts: { connection: 2_000, greeting: 2_000, socket: 5_000 } });
  const clock = { now: new Date('2024-06-03T09:00:00.000Z') };
  const running: { server?: RunningServer } = {};
  const routes = subscriptionRoutes({
    config,
    store,
    transport,
    siteUrl: () => running.server?.url ?? config.site.baseUrl,
    now: () => clock.now,
    onError: () => undefined,
  });
  const server = await startServer({ outDir: dir, port: 0, routes, onError: () => undefined });
  running.server = server;
  const base = server.url;
  const signer = createTokenSigner(SECRET);

  return {
    base,
    store,
    sink,
    config,
    clock,
    token: ({ email }, purpose, expires = new Date(clock.now.getTime() + 86_400_000)) => signer.sign({ email, purpose, expires }),
    get: (pathAndQuery) => fetch(new URL(pathAndQuery, base), { redirect: 'manual' }),
    post: (pathAndQuery, body, headers = {}) =>
      fetch(new URL(pathAndQuery, base), {
        method: 'POST',
        body: typeof body === 'string' ? body : body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        redirect: 'manual',
      }),
    async close() {
      await server.close();
      await transport.close();
      await sink.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The first link to `pathname` in a text. */
export function linkTo(text: string, pathname: string): string {
  const match = new RegExp(`https?://\\S+/${pathname}\\?token=[A-Za-z0-9_-]+`).exec(text);
  if (match === null) throw new Error(`no /${pathname} link in:\n${text}`);
  return match[0];
}
