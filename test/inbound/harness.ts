import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../../src/app.js';
import { openApp } from '../../src/app.js';
import { planIssues } from '../../src/digest/index.js';
import { defaultImportDeps } from '../../src/app/import-deps.js';
import { runImport } from '../../src/import/run-import.js';
import type { SubscriberStatus } from '../../src/store/store.js';
import { makeSite, REPO, type Site } from '../helpers/site.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

export const SECRET = 'inbound-test-secret-that-is-long-enough-0123';
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'inbound');

/** What one subscriber got of one issue, as the relay saw it. */
export interface Got {
  readonly issueId: string;
  /** The envelope sender (VERP). */
  readonly returnPath: string;
  readonly messageId: string;
  /** The List-Unsubscribe mailto: address. */
  readonly mailto: string;
  readonly subject: string;
}

export interface SentSite {
  site: Site;
  app: App;
  sink: SmtpSink;
  issues: [string, string];
  /** By recipient: what each issue brought them, in the order sent. */
  got: Map<string, Got[]>;
  statuses(): Promise<Map<string, SubscriberStatus>>;
  close(): Promise<void>;
}

/**
 * The demo blog in a throwaway site, two of its issues really sent over
 * SMTP (smtp-server on port 0) to `emails`, all active: the messages that
 * bounces, complaints and replies later refer to.
 */
export async function sentSite(emails: readonly string[], extraConfig = '', env: NodeJS.ProcessEnv = {}, refused: readonly string[] = []): Promise<SentSite> {
  const sink = await startSmtpSink();
  // The relay refuses these at RCPT TO (550 5.1.1): bounced during the send itself.
  for (const email of refused) sink.behave(email, 'reject');
  const demo = await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8');
  const config = `${demo.replace(/^ {2}baseUrl: .*$/m, '  baseUrl: https://blog.example.org/')}
smtp:
  url: ${sink.url}
subscriptions:
  secret: ${SECRET}
inbound:
  softBounce:
    limit: 2
    windowDays: 30
${extraConfig}`;
  const site = await makeSite({ seeds: true, config, env });
  const app = await openApp({ cwd: site.dir, env: {} });
  await runImport(['content/imports'], defaultImportDeps(app, site.dir));
  await app.store.upsertSubscribers([...emails, ...refused].map((email) => ({ email, status: 'active' as const })));
  const { issues } = planIssues(await app.store.listPosts(), app.config);
  const chosen = issues.slice(-2).map((issue) => issue.id) as [string, string];
  for (const id of chosen) {
    const run = await site.run('send', '--issue', id);
    // A send with refused recipients reports them and exits 1; anything else must be a clean send.
    if (run.code !== 0 && !(refused.length > 0 && /failed \(\d+ unknown address/.test(run.err))) throw new Error(`send ${id} failed: ${run.err}`);
  }
  const got = new Map<string, Got[]>();
  for (const message of sink.messages) {
    const header = (name: string) => {
      const line = message.parsed.headerLines.find((h) => h.key === name)?.line ?? '';
      return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    };
    const issueId = header('x-tidings-issue');
    const mailto = /<mailto:([^?>]+)/.exec(header('list-unsubscribe'))?.[1] ?? '';
    for (const to of message.to) {
      got.set(to, [...(got.get(to) ?? []), { issueId, returnPath: message.from, messageId: message.parsed.messageId ?? '', mailto, subject: message.parsed.subject ?? '' }]);
    }
  }
  return {
    site,
    app,
    sink,
    issues: chosen,
    got,
    async statuses() {
      return new Map((await app.store.listSubscribers()).map((s) => [s.email, s.status]));
    },
    async close() {
      await app.close();
      await sink.close();
      await site.cleanup();
    },
  };
}

/** A fixture with its placeholders filled in, CRLF line ends, as it would arrive. */
export async function fixture(name: string, values: { to: string; rcpt: string; msgid?: string; subject?: string; from?: string }): Promise<Buffer> {
  const text = await readFile(path.join(FIXTURES, name), 'utf8');
  const filled = text
    .replaceAll('{{TO}}', values.to)
    .replaceAll('{{RCPT}}', values.rcpt)
    .replaceAll('{{MSGID}}', values.msgid ?? '<nothing@example.invalid>')
    .replaceAll('{{SUBJECT}}', values.subject ?? 'A roundup')
    .replaceAll('{{FROM}}', values.from ?? values.rcpt);
  return Buffer.from(filled.replace(/\r?\n/g, '\r\n'));
}

/** The statuses that changed between two snapshots. */
export function changes(before: Map<string, SubscriberStatus>, after: Map<string, SubscriberStatus>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [email, status] of after) if (before.get(email) !== status) out[email] = `${before.get(email) ?? 'none'} -> ${status}`;
  return out;
}
