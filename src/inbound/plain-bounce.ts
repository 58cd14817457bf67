import { basicCode, enhancedCode } from './bounce-status.js';
import type { FieldBlock } from './fields.js';

/**
 * A bounce written as plain text rather than RFC 3464 (qmail's "failure
 * notice", older Exim, some hosted mail): recognised by its sender
 * (MAILER-DAEMON, postmaster, Mail Delivery System), its subject or an
 * X-Failed-Recipients field, and read for the failed addresses and a
 * status code near them. Null when the message is not one. Pure.
 */
export interface PlainBounce {
  readonly recipients: readonly (string | null)[];
  readonly status: string | null;
  readonly evidence: string;
}

const SENDER = /mailer-daemon|postmaster|mail delivery (?:system|subsystem)|mail administrator/i;
const SUBJECT =
  /undeliver|undelivered mail|delivery (?:status notification|failure|has failed|failed|notification)|returned mail|failure notice|mail delivery failed|could not be delivered|non[- ]?delivery|warning: message .* delayed|delivery delayed|nondeliverable|mail system error/i;
const PERMANENT = /permanent (?:error|failure)|this is a permanent|does not exist|user unknown|no such (?:user|mailbox|recipient|address|domain)|unknown (?:user|recipient)|address rejected|recipient not found|mailbox unavailable|invalid (?:recipient|address|mailbox)/i;
const TEMPORARY = /temporar(?:y|ily)|delayed|will (?:be )?retr|still (?:be )?trying|not yet been delivered|retry|deferred/i;

export function plainBounce(head: FieldBlock, subject: string, text: string): PlainBounce | null {
  const from = head.get('from') ?? '';
  const failed = (head.get('x-failed-recipients') ?? '').split(/[,\s]+/).filter((a) => a.includes('@'));
  const fromDaemon = SENDER.test(from) || (head.get('return-path') ?? '').trim() === '<>';
  if (failed.length === 0 && !(fromDaemon && SUBJECT.test(subject))) return null;

  const body = text.slice(0, 20_000);
  const found = new Set(failed.map((a) => a.toLowerCase()));
  // qmail: "<ann@example.org>:" at the start of a line; Exim: an indented address alone on a line after "failed:".
  for (const match of body.matchAll(/^\s*<([^<>\s]+@[^<>\s]+)>:?\s*$|^\s*<([^<>\s]+@[^<>\s]+)>:/gm)) found.add((match[1] ?? match[2] ?? '').toLowerCase());
  const exim = /following address(?:\(es\))? failed:\s*\n+((?:[ \t]+\S+@\S+.*\n?)+)/i.exec(body);
  if (exim?.[1]) for (const line of exim[1].split('\n')) {
    const address = /^[ \t]+<?([^\s<>]+@[^\s<>:]+)>?:?\s*$/.exec(line)?.[1];
    if (address) found.add(address.toLowerCase());
  }
  found.delete('');

  const near = (() => {
    const first = [...found][0];
    const at = first === undefined ? -1 : body.toLowerCase().indexOf(first);
    return at === -1 ? body : body.slice(at, at + 1500);
  })();
  let status = enhancedCode(near) ?? basicCode(near);
  if (status === null && PERMANENT.test(near)) status = '5.0.0';
  if (status === null && (TEMPORARY.test(near) || TEMPORARY.test(subject))) status = '4.0.0';
  if (status?.startsWith('5.') && /delayed|warning/i.test(subject) && !PERMANENT.test(near)) status = '4.0.0';
  const evidence = near.split('\n').slice(0, 15).join('\n');
  return { recipients: found.size > 0 ? [...found] : [null], status, evidence };
}
