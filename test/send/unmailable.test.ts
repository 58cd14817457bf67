import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { demoSendSite } from './demo.js';

/**
 * An address an earlier version let in ("a b"@example.com: a quoted local
 * part that relays refuse) is held to the one address check the form and
 * the import use: not sent, its delivery failed with a reason, the others sent.
 */
let sink: SmtpSink;
let demo: Awaited<ReturnType<typeof demoSendSite>>;
beforeEach(async () => {
  sink = await startSmtpSink();
  demo = await demoSendSite(sink.url);
});
afterEach(async () => {
  await demo?.close();
  await sink?.close();
});

it('does not send to a stored address the mailer cannot take, and says which and what to do', async () => {
  const { issue, app, site } = demo;
  await app.store.upsertSubscribers([
    { email: 'ann@example.org', status: 'active' },
    { email: '"a b"@example.com', status: 'active' },
    { email: 'bob@example.org', status: 'active' },
  ]);
  const run = await site.run('send', '--issue', issue.id);
  expect(run.err).toBe('');
  expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['ann@example.org', 'bob@example.org']);
  const quoted = await app.store.findSubscriberByEmail('"a b"@example.com');
  const failed = (await app.store.listDeliveries(issue.id)).filter((d) => d.subscriberId === quoted?.id);
  expect(failed).toMatchObject([{ status: 'failed', lastError: 'not sent: "a b"@example.com is not an address mail can be sent to (fix or remove the subscriber)' }]);
  expect(quoted?.status).toBe('active');
});
