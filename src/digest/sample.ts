import type { Config } from '../config/schema.js';
import { siteUrl } from '../feeds/urls.js';
import { domainOf, parseMailbox } from '../subscribers/mailbox.js';
import type { Issue } from './model.js';
import { issueUrl } from './paths.js';
import type { RecipientValues } from './personalise.js';

/**
 * The made-up subscriber a build writes each issue's email for
 * (out/issues/<id>/email.html, email.txt, message.eml), so a publisher can
 * see exactly what a reader gets. Fixed values: rebuilds are byte-identical.
 */
export const SAMPLE_RECIPIENT = { email: 'reader@example.com', name: 'Sample Reader' } as const;

/** The sample's links: the real web version, and unsubscribe / preferences links with a placeholder token. */
export function sampleValues(issue: Issue, config: Config): RecipientValues {
  return {
    name: SAMPLE_RECIPIENT.name,
    webVersionUrl: issueUrl(config, issue.id),
    preferencesUrl: siteUrl(config, 'preferences?token=sample'),
    unsubscribeUrl: siteUrl(config, 'unsubscribe?token=sample'),
  };
}

/** The sample message's Message-ID: `<2019-W31.sample@example.org>`, at the From address's domain. */
export function sampleMessageId(issue: Issue, config: Config): string {
  let domain = 'localhost';
  try {
    domain = domainOf(parseMailbox(config.email.from).address);
  } catch {
    // An unusable From fails later, in buildMessage, with its own message.
  }
  return `<${issue.id}.sample@${domain}>`;
}
