import type { Config } from '../config/schema.js';
import { InputError } from '../errors.js';
import { judgeSending, type MailDestination } from '../send/sending-safety.js';

/** Who a send is for: the subscribers of an issue, or one test copy (`send --to`, the preview's test send). */
export interface SendingCheck {
  readonly audience: 'subscribers' | 'test-copy';
  /** `--allow-insecure`: send to subscribers even with the problems below. */
  readonly allowInsecure: boolean;
}

/**
 * The one check every path that sends makes before it sends (send, send
 * --to, the scheduler of `schedule` and `start`, the preview at start for
 * its test sends, a worker), given where its mail goes (transport.ts
 * MailRoute's kind): a non-https site.baseUrl or a From on a non-public
 * domain refuses a send to subscribers over a relay (an InputError saying
 * what to set, exit 2) unless `allowInsecure`; otherwise the problems come
 * back as warnings to print, with, for a send to subscribers, an empty
 * email.postalAddress. See send/sending-safety.ts.
 */
export function checkSending(config: Config, destination: MailDestination, check: SendingCheck): readonly string[] {
  const verdict = judgeSending(config, { destination, audience: check.audience, allowInsecure: check.allowInsecure });
  if (verdict.refusal !== null) throw new InputError(verdict.refusal);
  const postal = check.audience === 'subscribers' && config.email.postalAddress.trim() === '' ? ['email.postalAddress is empty: bulk mail is expected to carry the sender’s postal address'] : [];
  return [...verdict.warnings, ...postal];
}
